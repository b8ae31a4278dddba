"""The words the matching engine understands: skill names and levels, experience levels,
company sizes and places. Pure functions over text; the scoring is `engine.py`'s."""

from __future__ import annotations

from dataclasses import dataclass

SKILL_LEVELS = ("beginner", "intermediate", "advanced", "expert")
EXPERIENCE_LEVELS = ("junior", "mid", "senior", "lead")
HEADCOUNTS = ("1-10", "11-50", "51-200", "201-1000", "1000+")

_SKILL_ALIASES = {
    "node": "node.js",
    "nodejs": "node.js",
    "js": "javascript",
    "ecmascript": "javascript",
    "ts": "typescript",
    "csharp": "c#",
    "c sharp": "c#",
    "dotnet": ".net",
    ".net core": ".net",
    "reactjs": "react",
    "react.js": "react",
    "vue": "vue.js",
    "vuejs": "vue.js",
    "nextjs": "next.js",
    "golang": "go",
    "postgres": "postgresql",
    "k8s": "kubernetes",
    "cpp": "c++",
}
# The headcount bands a candidate asking for a size word accepts, and the band a company
# describing itself only by that word is taken to be.
WORD_HEADCOUNTS = {
    "startup": (0, 1),
    "small": (1, 2),
    "medium": (3,),
    "large": (4,),
    "enterprise": (4,),
}
WORD_HEADCOUNT = {"startup": 1, "small": 2, "medium": 3, "large": 4, "enterprise": 4}
_US_STATES = frozenset({
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "dc", "fl", "ga", "hi", "id", "il", "in",
    "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh",
    "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut",
    "vt", "va", "wa", "wv", "wi", "wy",
})  # fmt: skip
_COUNTRY_ALIASES = {
    "us": "united states",
    "usa": "united states",
    "u.s.": "united states",
    "u.s.a.": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "gb": "united kingdom",
    "great britain": "united kingdom",
    "england": "united kingdom",
    "scotland": "united kingdom",
    "wales": "united kingdom",
}
_REMOTE_WORDS = frozenset({"remote", "anywhere", "worldwide"})


def normalize_skill(name: str) -> str:
    """The key two spellings of one skill share (`Node`, `nodejs`, `Node.js` -> `node.js`)."""
    key = " ".join(name.split()).casefold()
    return _SKILL_ALIASES.get(key, key)


def level_for_years(years: float) -> str:
    if years < 2:
        return "junior"
    if years < 5:
        return "mid"
    if years < 8:
        return "senior"
    return "lead"


@dataclass(frozen=True, slots=True)
class Place:
    city: str
    country: str
    multi_part: bool


def skill_level(level: str) -> int:
    folded = level.casefold()
    return SKILL_LEVELS.index(folded) if folded in SKILL_LEVELS else 0


def folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_remote_place(location: str) -> bool:
    return folded(location) in _REMOTE_WORDS


def place_of(location: str) -> Place | None:
    """`San Francisco, CA` -> (san francisco, united states); remote or empty -> None."""
    parts = [p for p in (folded(x) for x in location.split(",")) if p]
    if not parts or parts[0] in _REMOTE_WORDS:
        return None
    last = parts[-1]
    country = "united states" if len(parts) > 1 and last in _US_STATES else last
    return Place(
        city=parts[0], country=_COUNTRY_ALIASES.get(country, country), multi_part=len(parts) > 1
    )
