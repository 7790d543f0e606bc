"""Opening hours (advisor.core.hours): whether the team answers at a moment, the hours in
words per language, and what a map file may hold. Pure: no database."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from advisor.core.hours import (
    OpeningHours,
    hours_content,
    hours_error,
    hours_from,
    hours_in_words,
    is_open,
)

MADRID = ZoneInfo("Europe/Madrid")
OFFICE = {"time_zone": "Europe/Madrid", "days": [0, 1, 2, 3, 4], "from": "09:00", "to": "17:00"}


def at(day: int, hour: int, minute: int = 0, zone=MADRID) -> datetime:
    """A moment of the week of Monday 2026-12-07, in ``zone``."""
    return datetime(2026, 12, 7 + day, hour, minute, tzinfo=zone)


def test_no_hours_is_always_open():
    assert hours_from({}) is None and hours_from(None) is None
    assert is_open(None, at(6, 3))
    assert hours_in_words(None) == ""


@pytest.mark.parametrize(
    "moment, expected",
    [
        (at(0, 9), True),  # Monday at opening time
        (at(0, 8, 59), False),
        (at(4, 16, 59), True),  # Friday
        (at(4, 17), False),  # closing time is closed
        (at(5, 12), False),  # Saturday
        (at(0, 8, 30, UTC), True),  # 9:30 in Madrid (UTC+1 in winter)
        (at(0, 16, 30, UTC), False),  # 17:30 in Madrid
    ],
)
def test_open_on_the_days_and_times_in_the_maps_time_zone(moment, expected):
    assert is_open(hours_from(OFFICE), moment) is expected


def test_summer_time_is_the_zones_own():
    hours = hours_from(OFFICE)
    july_monday_utc = datetime(2026, 7, 6, 7, 30, tzinfo=UTC)  # 9:30 in Madrid (UTC+2)
    assert is_open(hours, july_monday_utc)
    assert not is_open(hours, datetime(2026, 7, 6, 15, 30, tzinfo=UTC))  # 17:30 in Madrid


def test_hours_closing_at_or_before_opening_run_past_midnight():
    nights = hours_from({**OFFICE, "days": [4], "from": "22:00", "to": "02:00"})
    assert is_open(nights, at(4, 23))  # Friday night
    assert is_open(nights, at(5, 1, 59))  # into Saturday
    assert not is_open(nights, at(5, 2))
    assert not is_open(nights, at(3, 23))  # Thursday is not open
    assert not is_open(nights, at(4, 1))  # Friday's early hours belong to Thursday's night
    whole_days = hours_from({**OFFICE, "from": "0:00", "to": "0:00"})
    assert is_open(whole_days, at(2, 0)) and is_open(whole_days, at(2, 23, 59))
    assert not is_open(whole_days, at(5, 0))


@pytest.mark.parametrize(
    "days, english, spanish",
    [
        ([0, 1, 2, 3, 4], "Monday to Friday", "de lunes a viernes"),
        ([0, 1, 2, 3, 4, 5, 6], "every day", "todos los días"),
        ([5], "Saturday", "sábado"),
        ([0, 1], "Monday and Tuesday", "lunes y martes"),
        ([0, 1, 2, 4], "Monday to Wednesday and Friday", "de lunes a miércoles y viernes"),
        ([0, 2, 4], "Monday, Wednesday and Friday", "lunes, miércoles y viernes"),
    ],
)
def test_hours_in_words_per_language(days, english, spanish):
    hours = hours_from({**OFFICE, "days": days})
    assert hours_in_words(hours) == f"{english}, 9:00–17:00 (Europe/Madrid)"
    assert hours_in_words(hours, "es") == f"{spanish}, 9:00–17:00 (Europe/Madrid)"
    assert hours_in_words(hours, "pt-br") == hours_in_words(hours, "en")  # no Portuguese


@pytest.mark.parametrize(
    "data, problem",
    [
        ({**OFFICE, "time_zone": "Europe/Madird"}, "time_zone"),
        ({**OFFICE, "time_zone": "../../etc/passwd"}, "time_zone"),
        ({**OFFICE, "days": []}, "days"),
        ({**OFFICE, "days": [7]}, "days"),
        ({**OFFICE, "days": [1, 1]}, "days"),
        ({**OFFICE, "days": [True]}, "days"),
        ({**OFFICE, "from": "25:00"}, "from and to"),
        ({**OFFICE, "to": 17}, "from and to"),
        ({**OFFICE, "lunch": "13:00"}, "must be an object"),
        ("always", "must be an object"),
    ],
)
def test_wrong_hours_are_named(data, problem):
    assert problem in hours_error(data)
    assert hours_from(data) is None


def test_hours_are_stored_alike_however_they_came():
    written = {"time_zone": "Europe/Madrid", "days": [4, 0], "from": "9:00", "to": "17:30"}
    assert hours_error(written) is None
    assert hours_content(written) == {
        "time_zone": "Europe/Madrid",
        "days": [0, 4],
        "from": "09:00",
        "to": "17:30",
    }
    assert hours_from(written) == OpeningHours("Europe/Madrid", (0, 4), time(9), time(17, 30))
    assert hours_content({}) == {}
