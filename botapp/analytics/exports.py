"""The analytics page's figures and reasons as rows, written as CSV a spreadsheet opens as it
is (a header row, UTF-8 with a BOM, ISO dates, no cell run as a formula) or as JSON; the same
for the admin's downloads and ``manage.py exportanalytics``."""

import csv
import io
import json
from collections.abc import Iterable
from datetime import date

from django.utils import timezone

FIGURE_COLUMNS = (
    *("step_key", "step", "kind", "reached", "left_there"),
    *("helpful", "not_helpful", "helpful_percent", "shared_arrivals"),
    *("asked_for_person", "median_seconds_to_first_answer"),
)
REASON_COLUMNS = (
    *("given_at", "language", "channel"),
    *("recommendation_key", "recommendation", "answers", "text"),
)
#: A text cell starting with one of these is a formula to a spreadsheet (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Excel reads a CSV file as UTF-8 only after this mark.
BOM = "\ufeff"


def figure_rows(stats) -> list[dict]:
    """One row per step of a stats.MapStats, in the page's order (the asked-for-a-person
    cells empty where not counted: the web's chats)."""
    return [
        {
            "step_key": node.key,
            "step": node.name,
            "kind": node.kind_name,
            "reached": node.reached.value,
            "left_there": node.left_here,
            "helpful": node.helpful,
            "not_helpful": node.not_helpful,
            "helpful_percent": node.helpful_percent,
            "shared_arrivals": node.shared_arrivals,
            "asked_for_person": node.asked_for_person,
            "median_seconds_to_first_answer": seconds(node.median_wait),
        }
        for node in stats.nodes
    ]


def seconds(wait) -> int | None:
    return None if wait is None else int(wait.total_seconds())


def reason_rows(reasons: Iterable) -> Iterable[dict]:
    """One row per feedback_list.ShownReason, its time in ISO 8601 (local, offset)."""
    for reason in reasons:
        yield {
            "given_at": timezone.localtime(reason.given_at).isoformat(timespec="seconds"),
            "language": reason.language,
            "channel": reason.channel,
            "recommendation_key": reason.key,
            "recommendation": reason.recommendation,
            "answers": reason.answers,
            "text": reason.text,
        }


def guarded(value):
    """A text cell with a leading ' if a spreadsheet would take it for a formula; numbers
    and empty cells as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_text(columns: tuple[str, ...], rows: Iterable[dict]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([guarded(row[column]) for column in columns] for row in rows)
    return out.getvalue()


def json_text(rows: Iterable[dict]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"


def file_name(
    slug: str, what: str, since: date | None, until: date | None, ext="csv", channel=None
) -> str:
    """E.g. ``sklearn-figures-2025-01-01-2025-01-31.csv`` ("start" for all time), with the
    channel after ``what`` when one is chosen (``sklearn-figures-web-…``)."""
    first = since.isoformat() if since else "start"
    last = (until or timezone.localdate()).isoformat()
    what = f"{what}-{channel}" if channel else what
    return f"{slug}-{what}-{first}-{last}.{ext}"
