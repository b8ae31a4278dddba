"""Server settings from `TALENTTUI_*` environment variables, for operators and containers.

Every plain field of `ServerSettings` has a variable named after it
(`database_url` -> `TALENTTUI_DATABASE_URL`), and so has every field of its nested
settings (`smtp.password` -> `TALENTTUI_SMTP_PASSWORD`, `otp.ttl_seconds` ->
`TALENTTUI_OTP_TTL_SECONDS`), so a setting added to the dataclasses is configurable
without touching this module. An empty variable counts as unset. Command-line flags
win over the environment, which wins over `server.toml`, which wins over defaults.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from talenttui.server.settings import (
    OtpPolicy,
    ServerSettings,
    SettingsError,
    SmtpSettings,
    comma_separated,
    smtp_from_section,
)

PREFIX = "TALENTTUI_"
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_PLAIN = (bool, int, float, str, Path)


def _plain_type(hint: Any) -> type | None:
    """`int`, `str | None`, `Path | None`, a `Literal` of strings (checked where it is
    used), `tuple[str, ...]` (comma-separated)... -> the plain type; anything else -> None."""
    if isinstance(hint, type) and issubclass(hint, _PLAIN):
        return hint
    if typing.get_origin(hint) is typing.Literal:
        return str
    if hint == tuple[str, ...]:
        return tuple
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(options) == 1:
            return _plain_type(options[0])
    return None


def _parse(name: str, raw: str, kind: type) -> Any:
    if kind is bool:
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise SettingsError(f"{name}: expected true or false, got {raw!r}")
    if kind is tuple:
        return comma_separated(raw)
    try:
        return kind(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected {kind.__name__}, got {raw!r}") from None


def _read(cls: type, prefix: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """The fields of dataclass `cls` given by variables `<prefix><FIELD>`."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        kind = _plain_type(hints[field.name])
        name = f"{prefix}{field.name.upper()}"
        raw = environ.get(name, "").strip()
        if kind is not None and raw:
            values[field.name] = _parse(name, raw, kind)
    return values


def smtp_from_environment(
    base: SmtpSettings | None, environ: Mapping[str, str]
) -> SmtpSettings | None:
    """`server.toml`'s `[smtp]` with `TALENTTUI_SMTP_*` laid over it (a host alone is enough),
    checked as strictly as the file."""
    given = _read(SmtpSettings, f"{PREFIX}SMTP_", environ)
    if not given:
        return base
    if base is None and "host" not in given:
        return None
    known = {k: v for k, v in dataclasses.asdict(base).items() if v is not None} if base else {}
    return smtp_from_section(f"{PREFIX}SMTP_*", {**known, **given})


def overrides_from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Every `ServerSettings` field the environment sets, nested `otp` included."""
    values = _read(ServerSettings, PREFIX, environ)
    otp = _read(OtpPolicy, f"{PREFIX}OTP_", environ)
    if otp:
        values["otp"] = OtpPolicy(**otp)
    return values


def _exported(obj: Any, prefix: str) -> dict[str, str]:
    hints = typing.get_type_hints(type(obj))
    out: dict[str, str] = {}
    for field in dataclasses.fields(obj):
        value = getattr(obj, field.name)
        if value is None or _plain_type(hints[field.name]) is None:
            continue
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, tuple):
            text = ",".join(value)
        else:
            text = str(value)
        out[f"{prefix}{field.name.upper()}"] = text
    return out


def environment_of(settings: ServerSettings) -> dict[str, str]:
    """The variables that rebuild `settings` (for worker processes to read back)."""
    out = _exported(settings, PREFIX)
    out.update(_exported(settings.otp, f"{PREFIX}OTP_"))
    if settings.smtp is not None:
        out.update(_exported(settings.smtp, f"{PREFIX}SMTP_"))
    return out
