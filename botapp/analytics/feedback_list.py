"""What users said they were looking for, as the analytics page and its exports show it:
newest first, with the answers that led there and the recommendation, never the chat."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet

from advisor.core.graph import MapGraph
from advisor.core.texts import start_of
from botapp.analytics.paths import PathReader
from botapp.analytics.rollup import on_days
from botapp.models import Reason

#: Reasons listed on the page (the CSV has them all).
SHOWN = 100
#: What stands for answers no version of the map can read any more.
DELETED_SINCE = "(deleted since)"


@dataclass(frozen=True)
class ShownReason:
    id: int
    given_at: datetime
    language: str
    #: Where it was given: a Channel's value.
    channel: str
    #: The recommendation's key, and the start of its message (its key if deleted since).
    key: str
    recommendation: str
    #: The recommendation's id where the draft still has it, for a link to it.
    draft_step_id: int | None
    #: The answers that led there, e.g. "Yes › No › <100K samples", or DELETED_SINCE.
    answers: str
    text: str


def reasons_in(
    map_id: int,
    since: date | None,
    until: date | None,
    language: str | None,
    channel: str | None = None,
) -> QuerySet:
    """The map's reasons given on the local days [since, until] (open where None), in one
    language ("" for none sent) when given, on one channel when given, newest first."""
    reasons = Reason.objects.filter(map_id=map_id)
    reasons = reasons if channel is None else reasons.filter(channel=channel)
    return on_days(reasons, "given_at", since, until, language).order_by("-given_at", "-id")


class ReasonReader:
    """Reads reasons in the map's graphs (the draft, then the live version)."""

    def __init__(self, graphs: list[MapGraph]):
        self.graphs = graphs
        self.paths = PathReader(graphs)
        self.answers: dict[str, str] = {}

    def shown(self, reason: Reason) -> ShownReason:
        node = next(
            (g.nodes[reason.node_id] for g in self.graphs if reason.node_id in g.nodes), None
        )
        in_draft = reason.node_id in self.graphs[0].nodes
        return ShownReason(
            reason.id,
            reason.given_at,
            reason.language,
            reason.channel,
            reason.key,
            start_of(node.text) if node else reason.key,
            reason.node_id if in_draft else None,
            self.answers_to(reason.path),
            reason.text,
        )

    def answers_to(self, path: str) -> str:
        if path not in self.answers:
            self.answers[path] = self.paths.labels(path) or DELETED_SINCE
        return self.answers[path]

    def read(self, reasons: QuerySet) -> Iterator[ShownReason]:
        for reason in reasons.iterator(chunk_size=1000):
            yield self.shown(reason)


def newest_reasons(
    graphs: list[MapGraph],
    since: date | None,
    until: date | None,
    language: str | None,
    channel: str | None = None,
) -> tuple[list[ShownReason], int]:
    """The newest SHOWN reasons of the range (one LIMIT query on the map's newest-first
    index), and how many the range has in all."""
    reasons = reasons_in(graphs[0].id, since, until, language, channel)
    shown = list(ReasonReader(graphs).read(reasons[:SHOWN]))
    return shown, len(shown) if len(shown) < SHOWN else reasons.count()
