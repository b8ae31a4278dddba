"""How long is left, in the words the feed and the keys list use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from talenttui.tui.text import expiry_text

NOW = datetime(2026, 12, 1, 21, 19, 30, tzinfo=UTC)


def stamp(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


def test_a_90_day_key_made_now_expires_in_90_days_not_89() -> None:
    assert expiry_text(stamp(NOW + timedelta(days=90)), NOW) == "expires 1 Mar 2027 (in 90 d)"


def test_days_count_the_dates_shown_not_whole_24_hour_periods() -> None:
    # 1 day 2 hours left, but two dates ahead: the 3rd is "in 2 d" on the 1st
    late = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
    assert expiry_text("2026-12-03T01:00:00Z", late) == "expires 3 Dec 2026 (in 2 d)"


def test_under_a_day_is_hours_and_the_past_is_expired() -> None:
    assert expiry_text(stamp(NOW + timedelta(hours=5, minutes=10)), NOW).endswith("(in 5 h)")
    assert expiry_text(stamp(NOW + timedelta(minutes=10)), NOW).endswith("(in 1 h)")
    assert expiry_text(stamp(NOW - timedelta(seconds=1)), NOW) == "expired 1 Dec 2026"


def test_a_time_in_another_zone_counts_days_in_its_own() -> None:
    # shown as 4 Dec, and in Tokyo NOW is already 2 Dec: two days (in UTC it would be three)
    tokyo = "2026-12-04T08:00:00+09:00"
    assert expiry_text(tokyo, NOW) == "expires 4 Dec 2026 (in 2 d)"
