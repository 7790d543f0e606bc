"""``manage.py exportanalytics SLUG [--since D] [--until D] [--language CODE]
[--channel telegram|web] [--format csv|json] [--reasons] [--output FILE]``: the analytics
page's figures (or the reasons) as its CSV downloads have them, or as JSON; all time unless a
range is given."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from advisor.management.lookup import map_named
from botapp.analytics.admin import NO_LANGUAGE, map_graphs
from botapp.analytics.exports import (
    FIGURE_COLUMNS,
    REASON_COLUMNS,
    csv_text,
    figure_rows,
    json_text,
    reason_rows,
)
from botapp.analytics.feedback_list import ReasonReader, reasons_in
from botapp.analytics.stats import map_stats
from botapp.models import Channel


def day_of(option: str, text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise CommandError(f"{option} {text!r} is not a date: write YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Write a map's analytics figures, one row per step (or with --reasons what users said "
        "they were looking for), as CSV for a spreadsheet or as JSON: all time unless "
        "--since/--until (days, inclusive) are given, every language unless --language, every "
        "channel unless --channel."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the map's short name")
        parser.add_argument("--since", metavar="YYYY-MM-DD", help="the first day")
        parser.add_argument("--until", metavar="YYYY-MM-DD", help="the last day")
        parser.add_argument(
            "--language",
            metavar="CODE",
            help=f"chats in one Telegram language, e.g. en ('{NO_LANGUAGE}': none sent)",
        )
        parser.add_argument(
            "--channel", choices=Channel.values, help="chats in Telegram, or on the web chat"
        )
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--reasons", action="store_true", help="the reasons, not figures")
        parser.add_argument("--output", metavar="FILE", help="write to FILE, not stdout")

    def handle(self, *args, slug, since, until, language, channel, format, reasons, output, **_):
        map_obj = map_named(slug)
        since, until = day_of("--since", since), day_of("--until", until)
        if since and until and since > until:
            raise CommandError("--since is after --until.")
        code = "" if language == NO_LANGUAGE else language
        graphs = map_graphs(map_obj.id)
        if reasons:
            chosen = reasons_in(map_obj.id, since, until, code, channel)
            columns, rows = REASON_COLUMNS, list(reason_rows(ReasonReader(graphs).read(chosen)))
        else:
            stats = map_stats(graphs, since, until, code, channel)
            columns, rows = FIGURE_COLUMNS, figure_rows(stats)
        text = csv_text(columns, rows) if format == "csv" else json_text(rows)
        if output is None:
            self.stdout.write(text, ending="")
            return
        Path(output).write_text(text, encoding="utf-8", newline="")
        self.stdout.write(f"Wrote {len(rows)} {'reason' if reasons else 'step'}(s) to {output}.")
