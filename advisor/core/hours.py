"""A map's opening hours: when a person of the team answers, in the map's own time zone.

Content holds them as ``{"time_zone": "Europe/Madrid", "days": [0, 1, 2, 3, 4], "from":
"09:00", "to": "17:00"}`` (days counted from Monday, 0), or not at all: always open. A
closing time at or before the opening time runs past midnight into the next day. Pure:
the standard library's time zones only.
"""

import re
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

#: The days' names per language, Monday first; other languages read English.
DAY_NAMES = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
#: How the days are joined per language: every day, a run, the last of a list.
_JOINS = {
    "en": ("every day", "{} to {}", " and "),
    "es": ("todos los días", "de {} a {}", " y "),
}
_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


@dataclass(frozen=True)
class OpeningHours:
    time_zone: str
    #: The days it opens, Monday 0 to Sunday 6, in order.
    days: tuple[int, ...]
    opens: time
    closes: time

    def as_content(self) -> dict:
        """The hours as content and map files hold them."""
        return {
            "time_zone": self.time_zone,
            "days": list(self.days),
            "from": self.opens.strftime("%H:%M"),
            "to": self.closes.strftime("%H:%M"),
        }


@cache
def time_zones() -> frozenset[str]:
    """The IANA time zones this machine knows (read once per process)."""
    return frozenset(available_timezones())


def parse_time(value) -> time | None:
    """A time of day written "9:00" or "17:30", or None."""
    found = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    return time(int(found[1]), int(found[2])) if found else None


def hours_error(data) -> str | None:
    """What is wrong with opening hours as content holds them, in plain words, or None
    (nothing, or an empty object, is "always open")."""
    if not data:
        return None
    if not isinstance(data, dict) or set(data) - {"time_zone", "days", "from", "to"}:
        return "must be an object with time_zone, days, from and to"
    if data.get("time_zone") not in time_zones():
        return "time_zone must be a time zone's name, such as Europe/Madrid"
    days = data.get("days")
    if (
        not isinstance(days, list)
        or not days
        or any(type(day) is not int or not 0 <= day <= 6 for day in days)
        or len(set(days)) != len(days)
    ):
        return "days must list each day it opens once, 0 (Monday) to 6 (Sunday)"
    if parse_time(data.get("from")) is None or parse_time(data.get("to")) is None:
        return "from and to must be times of day such as 9:00 and 17:30"
    return None


def hours_from(data) -> OpeningHours | None:
    """The opening hours content holds, or None for always open (or hours that are wrong)."""
    if not data or hours_error(data):
        return None
    days = tuple(sorted(data["days"]))
    return OpeningHours(data["time_zone"], days, parse_time(data["from"]), parse_time(data["to"]))


def is_open(hours: OpeningHours | None, at: datetime) -> bool:
    """Whether a person of the team answers at ``at`` (an aware datetime)."""
    if hours is None:
        return True
    local = at.astimezone(ZoneInfo(hours.time_zone))
    today, now = local.weekday(), local.time()
    if hours.opens < hours.closes:
        return today in hours.days and hours.opens <= now < hours.closes
    yesterday = (today - 1) % 7  # past midnight, the evening's opening still runs
    return (today in hours.days and now >= hours.opens) or (
        yesterday in hours.days and now < hours.closes
    )


def hours_in_words(hours: OpeningHours | None, language: str = "en") -> str:
    """The hours as users read them within a sentence ("We answer {hours}"): "Monday to
    Friday, 9:00–17:00 (Europe/Madrid)", in Spanish "de lunes a viernes, 9:00–17:00
    (Europe/Madrid)"; empty for always open."""
    if hours is None:
        return ""
    base = language.partition("-")[0]
    names = DAY_NAMES.get(base, DAY_NAMES["en"])
    every_day, run, last = _JOINS.get(base, _JOINS["en"])
    if len(hours.days) == 7:
        days = every_day
    else:
        parts = []
        for first, final in _runs(hours.days):
            if final - first >= 2:
                parts.append(run.format(names[first], names[final]))
            else:
                parts += [names[day] for day in range(first, final + 1)]
        days = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + last + parts[-1]
    times = f"{_clock(hours.opens)}–{_clock(hours.closes)}"
    return f"{days}, {times} ({hours.time_zone})"


def _runs(days: tuple[int, ...]) -> list[tuple[int, int]]:
    """Consecutive days as (first, last) pairs: (0, 1, 2, 4) -> [(0, 2), (4, 4)]."""
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _clock(moment: time) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def hours_content(data) -> dict:
    """Opening hours as content holds them, written alike however they came (days in
    order, times as "09:00"); empty for always open."""
    hours = hours_from(data)
    return hours.as_content() if hours else {}
