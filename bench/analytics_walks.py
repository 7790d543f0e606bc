"""Generated chats of ``python -m bench.analytics``: walks of a map as the bot records them,
with the feedback under recommendations (votes, changes of vote, the reasons after "👎 No")
and arrivals by a shared link, as COPY lines for the handled updates and the reasons."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from advisor.core.callbacks import CALLBACK_DATA_LIMIT, Go, Vote, encode

LANGUAGES = ("en", "en", "es", "es", "de", "")
#: Chats that leave at each question, and that go on from a recommendation ("Not working").
LEAVE, GO_ON = 0.12, 0.3
#: Chats that open a recommendation by a shared link instead of /start.
SHARED = 0.03
#: Chats at a recommendation that answer "Was this helpful?"; of those, that change their
#: vote (a later press of the other button: CHANGE_LATER of them on a later day).
VOTE, CHANGE, CHANGE_LATER = 0.35, 0.1, 0.3
#: "👎 No" votes followed by what the user was looking for.
REASON = 0.4
#: Seconds between a chat's updates.
PACE = 20
REASON_WORDS = (
    "something for time series",
    "a model I can explain to my manager",
    'the "right" one for 10 GB of images',
    "anomaly detection, with few labels",
    "text, in Spanish and English",
    "faster, on a GPU 🚀",
    "=SUM(A1:A9) is what we use today",
    "ranking, like a search engine",
)


@dataclass
class Counts:
    updates: int = 0
    votes: int = 0
    changed: int = 0
    shared: int = 0
    reasons: int = 0


def copy_text(value) -> str:
    """A value as COPY's text format writes it (None as \\N)."""
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")


def copy_line(values) -> str:
    return "\t".join(map(copy_text, values)) + "\n"


class Walks:
    """Chats walking ``graph`` over the last ``days`` days, drawn with ``rng``."""

    def __init__(self, graph, days: int, rng: random.Random, now: datetime):
        self.graph, self.days, self.rng, self.now = graph, days, rng, now
        self.recommendations = sorted(
            node.id for node in graph.nodes.values() if node.kind == "recommendation"
        )
        #: Each recommendation's own chance of 👍, so that their helpful rates differ.
        self.helpful = {node_id: 0.3 + 0.6 * random.Random(node_id).random()
                        for node_id in self.recommendations}  # fmt: skip
        self.counts = Counts()

    def chat(self, chat_id: int) -> tuple[list[str], list[str]]:
        """One chat's handled updates and reasons, as COPY lines."""
        graph, rng = self.graph, self.rng
        language = rng.choice(LANGUAGES)
        moment = self.now - timedelta(days=rng.random() * self.days)
        rows, reasons, clock = [], [], [moment]

        def add(kind: str, node_id, path: str = "", later: float = 0.0) -> datetime:
            """Record an update PACE after the last one (``later`` seconds more, unless
            that is still to come)."""
            at = clock[0] + timedelta(seconds=later)
            at = clock[0] if at > self.now else at
            clock[0] = at + timedelta(seconds=PACE)
            rows.append((len(rows) + 1, chat_id, kind, graph.id, node_id, path, language, at))
            return at

        anchor = graph.start_id
        if self.recommendations and rng.random() < SHARED:
            anchor = rng.choice(self.recommendations)
            self.counts.shared += 1
            add("shared", anchor)
        else:
            add("start", anchor)
        node, pressed = graph.nodes[anchor], []
        while node.buttons and (node.is_question or rng.random() < GO_ON):
            if rng.random() < LEAVE:  # left the conversation here
                break
            button = rng.choice(node.buttons)
            pressed.append(button.id)
            node = graph.nodes[button.target_id]
            add("answer", node.id, encode(Go(graph.id, anchor, tuple(pressed))))
        if node.kind == "recommendation" and rng.random() < VOTE:
            self.vote(node, Go(graph.id, anchor, tuple(pressed)), add, reasons, language)
        if not node.is_question and rng.random() < 0.5:
            add("goodbye", None)
        self.counts.updates += len(rows)
        return [copy_line(row) for row in rows], reasons

    def vote(self, node, go: Go, add, reasons: list[str], language: str) -> None:
        """👍 or 👎 under ``node``, perhaps changed later, and the reason after a 👎."""
        rng, was = self.rng, None
        helpful = rng.random() < self.helpful[node.id]
        changes = 1 + (rng.random() < CHANGE)
        for number in range(changes):
            data = encode(Vote(go, helpful, was))
            if len(data.encode()) > CALLBACK_DATA_LIMIT:
                return  # the bot would have anchored it later: too rare to matter here
            later = 86_400 * rng.uniform(1, 3) if number and rng.random() < CHANGE_LATER else 0
            add("vote", node.id, data, later)
            self.counts.votes += 1
            self.counts.changed += bool(number)
            was, helpful = helpful, not helpful
        if was is False and rng.random() < REASON:  # the last vote said 👎 No
            at = add("reason", node.id)
            text = rng.choice(REASON_WORDS)
            if rng.random() < 0.5:
                text += f", {rng.choice(REASON_WORDS)}"
            if rng.random() < 0.1:
                text += "\nand a second line"
            reasons.append(copy_line((self.graph.id, node.id, node.key, data, language, text, at)))
            self.counts.reasons += 1
