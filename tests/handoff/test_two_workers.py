"""Two workers at once on one user's lane: one topic is created, and every message reaches it
once and in order (PostgreSQL: the rows are claimed with SELECT … FOR UPDATE SKIP LOCKED and
leased). SQLite serializes writers and has no row locks, so the test runs on PostgreSQL only;
there one worker at a time is what SQLite's Quick start runs."""

import threading

import pytest
from django.db import connection

from botapp.handoff.models import UserTopic
from tests.handoff.helpers import Team, User, run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_workers_create_one_topic_and_send_each_message_once_in_order(api, webhook_post):
    team = Team(api, webhook_post)
    team.connect()
    ada = User(api, webhook_post)
    ada.send("/person")
    for number in range(1, 13):
        ada.send(f"message {number}")

    def worker():
        try:
            run_jobs()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    run_jobs()  # what a held lane left for later
    assert len(api.calls_of("createForumTopic")) == 1
    thread_id = UserTopic.objects.get().thread_id
    shown = [m[1] for m in team.group.shown_in(thread_id)[1:]]
    assert shown == [f"message {number}" for number in range(1, 13)]
