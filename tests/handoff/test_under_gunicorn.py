"""A conversation handed to the team as the Procfile runs the project: the webhook served by
gunicorn's master with two workers, the copies into the team's group sent by the ``worker:``
line's own processes (``resumeoutbox``, then ``db_worker --queue-name outbox``), a fresh
database, and the Bot API stand-in over HTTP.

A worker killed (SIGKILL) in the middle of a batch loses nothing and, but for the one call
Telegram made as it died (docs/handoff.md), sends nothing twice. Its rows stay leased for two
minutes (delivery.LEASE); the test moves the rows' lease on rather than wait. SQLite runs it
too: one worker process at a time, as its Quick start does."""

import os
import re
import signal
import subprocess
import threading
import time
from contextlib import contextmanager
from types import SimpleNamespace

import pytest

from tests.conftest import PROJECT, WEBHOOK_SECRET
from tests.handoff.helpers import WILL_ANSWER, Team, User
from tests.test_gunicorn import served_by_gunicorn, worker_pids

WORKER = re.search(r"^worker: (.+)$", (PROJECT / "Procfile").read_text(), re.M).group(1)
#: The access log's lines with the pid of the gunicorn worker that answered.
PID_IN_ACCESS_LOG = "--access-logformat '%(p)s %(m)s %(U)s %(s)s'"
MAKE_CODE = "from botapp.handoff.connecting import make_code; print(make_code(None).code)"
#: The tests' clock: the leases of a killed worker's rows run out (they last LEASE).
LEASE_ENDS = (
    "from django.db.models import F; from botapp.handoff.delivery import LEASE; "
    "from botapp.handoff.models import OutboxMessage as Row; "
    "Row.objects.exclude(claimed_until=None).update(claimed_until=F('claimed_until') - LEASE)"
)


@pytest.fixture(scope="module")
def served(botapi_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("handoff")
    log = folder / "access.log"
    with (
        log.open("w") as output,
        served_by_gunicorn(
            botapi_server, folder, 2, output, GUNICORN_CMD_ARGS=PID_IN_ACCESS_LOG
        ) as served,
    ):
        served.log = log
        yield served


@pytest.fixture
def api(botapi_server, served):
    botapi_server.reset()
    botapi_server.webhook = {"url": served.webhook, "secret_token": WEBHOOK_SECRET}
    return botapi_server


def over_http(api):
    """Post an update to gunicorn as Telegram does (the helpers' ``post``)."""
    return lambda update: SimpleNamespace(status_code=api.deliver(update))


def manage(env: dict, code: str) -> str:
    """Run Python in the served project (``manage.py shell``); what it printed."""
    command = ["python", "manage.py", "shell", "-c", code]
    return subprocess.run(
        command, cwd=PROJECT, env=env, check=True, capture_output=True, text=True
    ).stdout


def connect(api, env: dict) -> Team:
    """A team group connected with /connect and a code made in the served database."""
    team = Team(api, over_http(api))
    team.write(team.group.owner, f"/connect {manage(env, MAKE_CODE).split()[-1]}")
    assert team.said_in_general()[-1][1].startswith("Connected.")
    return team


@contextmanager
def worker_running(env: dict, *options: str):
    """The Procfile's worker line (``options`` added to db_worker's) in a process group of its
    own; killed at the end if it is still running."""
    line = " ".join([WORKER, *options])
    worker = subprocess.Popen(["bash", "-c", line], cwd=PROJECT, env=env, start_new_session=True)
    try:
        yield worker
    finally:
        if worker.poll() is None:
            stop(worker, signal.SIGKILL)


def stop(worker: subprocess.Popen, signum: int) -> None:
    os.killpg(worker.pid, signum)
    worker.wait(timeout=30)


def run_worker_until_idle(env: dict) -> None:
    """The worker line until no job is due (``db_worker --batch``)."""
    with worker_running(env, "--batch", "--no-startup-delay") as worker:
        assert worker.wait(timeout=60) == 0


def at_once(*calls) -> list:
    """Run the calls in threads at the same moment; their results."""
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index):
        start.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def wait_for(condition, timeout: float = 20):
    """What ``condition`` returns once it is true (None after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while not (found := condition()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def only_topic(team: Team):
    """The group's one topic, or None (read while the stand-in's threads may add one)."""
    topics = [t for t in list(team.group.group.topics.values()) if not t.deleted]
    return topics[0] if len(topics) == 1 else None


def copies_in(team: Team, thread_id: int) -> list[str]:
    """The words the bot copied into the topic, in order (not its card, not the team's)."""
    return [
        message["text"]
        for message in team.group.messages_in(thread_id)
        if message["from"]["is_bot"] and "text" in message and "reply_markup" not in message
    ]


def webhook_pids(log) -> set[int]:
    lines = [line.split() for line in log.read_text().splitlines()]
    return {
        int(line[0].strip("<>")) for line in lines if line[1:3] == ["POST", "/telegram/webhook/"]
    }


def test_a_conversation_across_two_gunicorn_workers_and_the_worker_process(api, served):
    team = connect(api, served.env)
    ada = User(api, over_http(api), 5201)
    ada.send("/person")
    assert ada.seen()[-1] == WILL_ANSWER
    with worker_running(served.env, "--interval", "0.1") as worker:
        for number in range(1, 4):
            ada.send(f"message {number}")
        topic = wait_for(lambda: only_topic(team))
        expected = [f"message {number}" for number in range(1, 7)]
        assert wait_for(lambda: copies_in(team, topic.thread_id) == expected[:3])
        said = [ada.chat.message_update("message 4"), ada.chat.message_update("message 5")]
        reply = team.group.message_update(team.grace, "Try LinearSVC", topic.thread_id)
        assert at_once(lambda: api.deliver(said[0]), lambda: api.deliver(reply)) == [200, 200]
        assert at_once(lambda: api.deliver(said[1]), lambda: api.deliver(said[1])) == [200, 200]
        assert api.deliver(said[1]) == 200  # Telegram's retry, later
        ada.send("message 6")
        wait_for(lambda: copies_in(team, topic.thread_id) == expected)
        stop(worker, signal.SIGTERM)  # once all arrived
    assert copies_in(team, topic.thread_id) == expected
    assert topic.name.startswith("Ada · ")
    assert len(api.calls_of("createForumTopic")) == 1
    assert len([c for c in api.copies if c["chat_id"] == team.group.chat_id]) == 6
    assert ada.seen()[-1] == "Try LinearSVC"
    assert api.copied_from(ada.chat.chat_id, ada.chat.last_message()["message_id"]) == (
        team.group.chat_id,
        reply["message"]["message_id"],
    )
    assert webhook_pids(served.log) == worker_pids(served.master)


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_only_its_last_call(
    api, served, monkeypatch
):
    team = connect(api, served.env)
    bob = User(api, over_http(api), 5202, "Bob")
    bob.send("/person")
    words = [f"message {number}" for number in range(1, 9)]
    for text in words:
        bob.send(text)
    copy, made, third_made = api.api_copyMessage, [], threading.Event()

    def copy_then_hold_the_next(params):  # Telegram's side: the 4th copy takes 2 s to make
        made.append(copy(params))
        if len(made) == 3:
            api.delays["copyMessage"] = 2
            third_made.set()
        return made[-1]

    monkeypatch.setattr(api, "api_copyMessage", copy_then_hold_the_next)
    with worker_running(served.env) as worker:
        assert third_made.wait(30)
        assert wait_for(lambda: "copyMessage" not in api.delays)  # the 4th call is under way
        stop(worker, signal.SIGKILL)
    thread_id = only_topic(team).thread_id
    assert wait_for(lambda: copies_in(team, thread_id) == words[:4])  # Telegram made it
    manage(served.env, LEASE_ENDS)
    run_worker_until_idle(served.env)
    # The 4th was made as the worker died, before its row was marked sent: sent again.
    assert copies_in(team, thread_id) == words[:4] + words[3:]
    assert len(api.calls_of("copyMessage")) == 9
    assert len(api.calls_of("createForumTopic")) == 1
