"""The map's opening hours on its page: a time zone, the days and the times a person of the
team answers "Ask a person", as plain fields stored in ``Map.opening_hours``
(advisor.core.hours); an empty time zone is "always open"."""

from django import forms

from advisor.core.hours import DAY_NAMES, hours_content, hours_error, parse_time, time_zones

ZONE = "hours_time_zone"
DAYS = [f"hours_day_{day}" for day in range(7)]
OPENS, CLOSES = "hours_from", "hours_to"
WEEKDAYS = range(5)


def declared_fields() -> dict[str, forms.Field]:
    """The form fields, declared on the map's form (its fieldsets name them)."""
    time_input = forms.TextInput(attrs={"type": "time"})
    return {
        ZONE: forms.CharField(
            label="Time zone of the opening hours",
            required=False,
            help_text="Where your team works, as a time zone's name: Europe/Madrid, "
            "America/New_York, Asia/Tokyo… Leave it empty if the team answers at any hour.",
        ),
        **{
            name: forms.BooleanField(label=f"Opening day: {day_name}", required=False)
            for name, day_name in zip(DAYS, DAY_NAMES["en"], strict=True)
        },
        OPENS: forms.CharField(
            label="Opening time", required=False, help_text="e.g. 9:00", widget=time_input
        ),
        CLOSES: forms.CharField(
            label="Closing time",
            required=False,
            help_text="e.g. 17:00; at or before the opening time, the hours run past midnight.",
            widget=time_input,
        ),
    }


def initial_values(opening_hours: dict) -> dict:
    """The fields' values for stored hours (a new map's days: Monday to Friday)."""
    hours = hours_content(opening_hours)
    days = hours.get("days", WEEKDAYS)
    return {
        ZONE: hours.get("time_zone", ""),
        **{name: day in days for day, name in enumerate(DAYS)},
        OPENS: hours.get("from", ""),
        CLOSES: hours.get("to", ""),
    }


def cleaned_hours(form: forms.Form, cleaned: dict) -> dict | None:
    """The hours the form's fields give, as content holds them; None (with the errors on
    the form) when they are not valid."""
    zone = (cleaned.get(ZONE) or "").strip()
    if not zone:
        return {}
    data = {
        "time_zone": zone,
        "days": [day for day, name in enumerate(DAYS) if cleaned.get(name)],
        "from": cleaned.get(OPENS) or "",
        "to": cleaned.get(CLOSES) or "",
    }
    problems = []
    if zone not in time_zones():
        problems.append(
            (ZONE, f"“{zone}” is not a time zone's name: write one such as Europe/Madrid.")
        )
    if not data["days"]:
        problems.append((DAYS[0], "Tick at least one day the team answers."))
    for name, key in ((OPENS, "from"), (CLOSES, "to")):
        if parse_time(data[key]) is None:
            problems.append((name, "Write a time of day, such as 9:00 or 17:30."))
    for name, problem in problems:
        form.add_error(name, problem)
    return None if problems or hours_error(data) else hours_content(data)
