"""Shared steps of the handoff tests: a team group connected through the webhook, a user who
asks for a person, and the worker's jobs run for real (django-tasks' database worker)."""

from datetime import timedelta

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from advisor.core.texts import MAP_DEFAULTS
from botapp.handoff import connecting
from botapp.handoff.models import OutboxMessage, TeamGroup
from botapp.handoff.tasks import QUEUE

USER_ID = 5151
#: What a user is told when they ask for a person, and when no team group can answer.
WILL_ANSWER = "A person from our team will answer here."
UNAVAILABLE = "Nobody from our team can answer here at the moment. Please try again later."


def run_jobs() -> None:
    """Run the outbox's due jobs as ``manage.py db_worker --batch`` does, then return."""
    Worker(
        queue_names=[QUEUE],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def time_passes(seconds: float) -> None:
    """Move what waits in the outbox and the queue ``seconds`` nearer (the tests' clock)."""
    shift = timedelta(seconds=seconds)
    for row in OutboxMessage.objects.all():
        OutboxMessage.objects.filter(pk=row.pk).update(
            not_before=row.not_before - shift,
            claimed_until=row.claimed_until - shift if row.claimed_until else None,
        )
    for job in DBTaskResult.objects.filter(status="READY"):
        DBTaskResult.objects.filter(pk=job.pk).update(run_after=job.run_after - shift)


class Team:
    """The stand-in's team group, with a member, connected to the bot through /connect."""

    def __init__(self, api, post, title: str = "Support team"):
        self.api, self.post = api, post
        self.group = api.supergroup(title)
        self.grace = self.group.add_member(8001, "Grace")

    def write(self, sender, content, thread_id=None) -> None:
        assert self.post(self.group.message_update(sender, content, thread_id)).status_code == 200

    def connect(self) -> TeamGroup:
        code = connecting.make_code(None).code
        self.write(self.group.owner, f"/connect {code}")
        return TeamGroup.objects.get(chat_id=self.group.chat_id)

    def said_in_general(self) -> list:
        return self.group.shown_in(None)

    def press(self, presser, label: str, message: dict) -> None:
        assert self.post(self.group.press_update(presser, label, message)).status_code == 200

    def card(self, thread_id: int) -> dict:
        return next(m for m in self.group.messages_in(thread_id) if m.get("reply_markup"))


class User:
    """A user in a private chat with the bot, through the webhook."""

    def __init__(self, api, post, user_id: int = USER_ID, first_name: str = "Ada", **fields):
        self.api, self.post = api, post
        self.chat = api.chat(user_id, first_name)
        self.chat.user.update(fields)

    def deliver(self, update: dict) -> dict:
        assert self.post(update).status_code == 200
        return update

    def send(self, text: str) -> dict:
        return self.deliver(self.chat.message_update(text))["message"]

    def send_content(self, content: dict) -> dict:
        return self.deliver(self.chat.content_update(content))["message"]

    def press(self, label: str) -> None:
        self.deliver(self.chat.press_update(label, self.api.keyboard_message(self.chat.chat_id)))

    def walk_and_ask(self) -> str:
        """/start, press the first answers to a recommendation, then "Ask a person" there (the
        Ask button's data: ``a:`` and the Go's numbers); the Go's data."""
        self.send("/start")
        data = ""
        for _ in range(12):
            message = self.api.keyboard_message(self.chat.chat_id)
            buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
            answers = [b for b in buttons if b.get("callback_data", "").startswith("g:")]
            if not answers or any(b["text"] == MAP_DEFAULTS["done"] for b in buttons):
                break
            data = answers[0]["callback_data"]
            self.deliver(self.chat.callback_update(data, message))
        self.deliver(self.chat.callback_update("a:" + data[2:], self.chat.last_message()))
        return data

    def seen(self) -> list[str]:
        return [m.get("text", m.get("caption", "")) for m in self.chat.bot_messages()]
