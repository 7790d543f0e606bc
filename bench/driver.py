"""The load: C chats, each a user who sends /start, then presses a random button of the
message the bot last sent with buttons (as the stand-in recorded it; a link button such as
Share sends the bot nothing, so it is never pressed), sometimes writes free text, after
"👎 No" sometimes answers "What were you looking for?" with a reply to it (a reason), and
starts again when no buttons are left. Each chat waits for the bot's answer before
its next update (closed loop), optionally thinking in between (paced load).

An update is done when both the webhook POST has returned and the bot's answer (its
sendMessage, editMessageText, sendPhoto or editMessageMedia for that chat) has reached the
stand-in: python-telegram-bot's own webhook server acknowledges before it handles an update,
ours after, with the answer in its response when it can (botapp.chat.replies), which the driver
hands to the stand-in as Telegram would.
"""

import asyncio
import itertools
import json
import math
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.http import HttpConnection, HttpError
from bench.procs import cpu_seconds, machine_busy_seconds, rss_mb
from bench.standin import BotApiStandIn
from botapi_standin.messages import as_sent

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_PATH = "/telegram/webhook/"
FREE_TEXTS = ("hello?", "which one is best for images?", "thanks!", "and for time series")
FREE_TEXT_SHARE = 0.08
REASON_TEXTS = ("something for time series", "a model I can explain", "GPU, lots of data")
#: Share of "👎 No" presses whose question the user answers next.
REASON_SHARE = 0.5
#: A vote's callback data (advisor.core.callbacks.Vote): its vote (y, or n for "👎 No"), the
#: one before, then the recommendation's Go.
VOTE = re.compile(r"v([yn])[yn-]:")
#: Longest wait for one update's POST and answer (seconds).
UPDATE_TIMEOUT = 10.0
#: Most updates one chat sends in one phase (each phase is also bounded in time).
MAX_UPDATES_PER_CHAT = 100_000
_ids = itertools.count(1)


@dataclass
class Target:
    """A bot under load: where its webhook listens and which processes run it."""

    name: str
    port: int
    secret: str
    pids: Callable[[], list[int]]
    #: The PostgreSQL backends serving it (their CPU counts as the database's).
    db_pids: Callable[[], list[int]] = list


@dataclass
class UpdateRecord:
    kind: str
    started: float
    post_s: float
    answer_s: float  # nan when the bot sent no answer
    standin_s: float
    status: int
    sql: int = -1
    pg: int = -1
    worker: int = 0
    uploads: int = 0  # photos uploaded for it (the rest are sent by file_id)
    # Measured inside our workers (bench/gunicorn_hooks.py), in seconds; nan elsewhere.
    app_s: float = math.nan
    db_s: float = math.nan
    botapi_s: float = math.nan

    @property
    def done_s(self) -> float:
        return max(self.post_s, self.answer_s)


@dataclass
class Snapshot:
    """Counters read at the start and the end of a phase's measured window."""

    at: float
    target_cpu_s: float
    own_cpu_s: float
    db_cpu_s: float
    machine_cpu_s: float
    standin_busy_s: float
    standin_calls: int
    rss_mb: dict[int, float] = field(default_factory=dict)

    @classmethod
    async def take(cls, target: Target, standin: BotApiStandIn) -> "Snapshot":
        db_pids = await asyncio.to_thread(target.db_pids)  # a query: off the event loop
        pids = target.pids()
        return cls(
            at=time.perf_counter(),
            target_cpu_s=cpu_seconds(pids),
            own_cpu_s=time.process_time(),
            db_cpu_s=cpu_seconds(db_pids),
            machine_cpu_s=machine_busy_seconds(),
            standin_busy_s=standin.busy_s,
            standin_calls=standin.served,
            rss_mb={pid: rss_mb(pid) for pid in pids},
        )


@dataclass
class PhaseResult:
    records: list[UpdateRecord]
    completed: int
    errors: int
    first: Snapshot
    last: Snapshot


class UserChat:
    """One user's private chat with the bot, as the driver plays it."""

    def __init__(self, chat_id: int, standin: BotApiStandIn, rng: random.Random):
        self.chat_id, self.standin, self.rng = chat_id, standin, rng
        self.user = {"id": chat_id, "is_bot": False, "first_name": "Ada"}
        #: Moves to make before random ones: "/start", or the label of a button to press.
        self.plan: list[str] = []
        #: Whether the last move pressed "👎 No" (the bot then asks what they looked for).
        self.said_no = False

    def message_update(self, text: str) -> dict:
        message = {
            "message_id": next(_ids),
            "date": int(time.time()),
            "chat": {"id": self.chat_id, "type": "private", "first_name": "Ada"},
            "from": self.user,
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
        return {"update_id": next(_ids), "message": message}

    def reply_update(self, question: dict) -> dict:
        """A reason: a text sent as a reply to the bot's ``question``, as Telegram sends it
        (the message without its own reply and ForceReply, the user's chat)."""
        update = self.message_update(self.rng.choice(REASON_TEXTS))
        replied = as_sent(question)
        replied.pop("reply_to_message", None)
        update["message"]["reply_to_message"] = {**replied, "chat": update["message"]["chat"]}
        return update

    def question(self) -> dict | None:
        """The bot's newest message in the chat that asked for a reply (ForceReply)."""
        messages = self.standin.messages.get(self.chat_id, {})
        asking = [message_id for message_id, m in messages.items() if m.get("force_reply")]
        return messages[max(asking)] if asking else None

    def next_update(self) -> tuple[str, dict, str]:
        """(kind, update, callback query id) of the user's next move: planned, else random.
        Kinds: start, text, reason, press (an answer, Back, Start over, Done) and vote."""
        step = self.plan.pop(0) if self.plan else ""
        said_no, self.said_no = self.said_no, False
        question = self.question() if said_no and not step else None
        if question is not None and self.rng.random() < REASON_SHARE:
            return "reason", self.reply_update(question), ""
        message = self.standin.keyboard_message(self.chat_id)
        if message is None or step == "/start":
            return "start", self.message_update("/start"), ""
        if not step and self.rng.random() < FREE_TEXT_SHARE:
            return "text", self.message_update(self.rng.choice(FREE_TEXTS)), ""
        buttons = [
            b
            for row in message["reply_markup"]["inline_keyboard"]
            for b in row
            if "callback_data" in b
        ]
        buttons = [b for b in buttons if b["text"] == step] or buttons
        callback_id, data = str(next(_ids)), self.rng.choice(buttons)["callback_data"]
        query = {
            "id": callback_id,
            "from": self.user,
            "chat_instance": str(self.chat_id),
            "message": as_sent(message),
            "data": data,
        }
        vote = VOTE.match(data)
        self.said_no = vote is not None and vote[1] == "n"
        return (
            "vote" if vote else "press",
            {"update_id": next(_ids), "callback_query": query},
            callback_id,
        )


async def send_update(
    target: Target, standin: BotApiStandIn, chat: UserChat, connection: HttpConnection
) -> UpdateRecord:
    """Deliver the chat's next update and wait until it is done (or timed out)."""
    kind, update, callback_id = chat.next_update()
    answered = standin.expect_answer(chat.chat_id, callback_id)
    body = json.dumps(update, separators=(",", ":")).encode()
    started = time.perf_counter()
    try:
        status, headers, answer = await connection.post(
            WEBHOOK_PATH, body, {SECRET_HEADER: target.secret}
        )
    except (TimeoutError, OSError, HttpError):
        status, headers, answer = 0, {}, b""
    post_s = time.perf_counter() - started
    answer_s = math.nan
    if status == 200:
        # The call the webhook answered with, if any: Telegram makes it.
        standin.execute_reply(headers.get("content-type", "").partition(";")[0], answer)
        try:
            answer_s = await asyncio.wait_for(answered, UPDATE_TIMEOUT) - started
        except TimeoutError:
            pass
    return UpdateRecord(
        kind=kind,
        started=started,
        post_s=post_s,
        answer_s=answer_s,
        standin_s=standin.service_seconds(chat.chat_id),
        uploads=standin.chat_uploads(chat.chat_id),
        status=status,
        sql=int(headers.get("x-bench-sql", -1)),
        pg=int(headers.get("x-bench-pg", -1)),
        worker=int(headers.get("x-bench-worker", 0)),
        app_s=float(headers.get("x-bench-app-us", "nan")) / 1e6,
        db_s=float(headers.get("x-bench-db-us", "nan")) / 1e6,
        botapi_s=float(headers.get("x-bench-botapi-us", "nan")) / 1e6,
    )


async def run_phase(
    target: Target,
    standin: BotApiStandIn,
    *,
    chats: int,
    warmup_s: float,
    measure_s: float,
    think_s: float,
    first_chat_id: int,
    seed: int,
) -> PhaseResult:
    """Run the load; keep the updates that start inside the measured window."""
    begin = time.perf_counter()
    window_start, window_end = begin + warmup_s, begin + warmup_s + measure_s
    records: list[UpdateRecord] = []
    counts = {"completed": 0, "errors": 0}

    async def chat_loop(index: int) -> None:
        rng = random.Random(seed * 100_003 + index)
        chat = UserChat(first_chat_id + index, standin, rng)
        connection = HttpConnection(target.port, UPDATE_TIMEOUT)
        if think_s:
            await asyncio.sleep(rng.uniform(0, think_s))
        try:
            for _ in range(MAX_UPDATES_PER_CHAT):
                if time.perf_counter() >= window_end:
                    break
                record = await send_update(target, standin, chat, connection)
                ok = record.status == 200 and not math.isnan(record.answer_s)
                if window_start <= record.started < window_end:
                    records.append(record)
                    counts["errors"] += not ok
                if ok and window_start <= record.started + record.done_s < window_end:
                    counts["completed"] += 1
                if think_s:
                    await asyncio.sleep(min(rng.expovariate(1 / think_s), 5 * think_s))
        finally:
            connection.close()

    snapshots, *_ = await asyncio.gather(
        take_snapshots(target, standin, (window_start, window_end)),
        *(chat_loop(index) for index in range(chats)),
    )
    return PhaseResult(records, counts["completed"], counts["errors"], *snapshots)


async def take_snapshots(
    target: Target, standin: BotApiStandIn, moments: tuple[float, ...]
) -> list[Snapshot]:
    """A snapshot at each of these moments (``time.perf_counter()``'s)."""
    snapshots = []
    for moment in moments:
        await asyncio.sleep(max(0.0, moment - time.perf_counter()))
        snapshots.append(await Snapshot.take(target, standin))
    return snapshots
