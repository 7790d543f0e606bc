"""When jobs of the outbox have waited for minutes and no worker started one, every admin page
a publisher opens says so in the page's message area, with what to do; a Map editor's pages
and a working queue say nothing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from botapp.handoff import worker_watch
from botapp.handoff.tasks import deliver

pytestmark = pytest.mark.django_db
SAID = "No worker has taken a job for 5 minutes"
PAGES = [
    reverse("admin:index"),
    reverse("admin:advisor_map_changelist"),
    reverse("admin:botapp_teamgroup_changelist"),
]


@pytest.fixture(autouse=True)
def look_every_time(monkeypatch):
    """Each page looks afresh; after the test, no process keeps this test's last look."""
    monkeypatch.setattr(worker_watch, "CHECK_EVERY", 0)
    yield
    worker_watch._last_look.update(at=float("-inf"), idle=False)


def job_waiting_for(minutes: int) -> DBTaskResult:
    deliver.enqueue("topic:1")
    job = DBTaskResult.objects.latest("enqueued_at")
    DBTaskResult.objects.filter(pk=job.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes)
    )
    return job


def test_every_page_a_publisher_opens_says_the_worker_is_missing(publisher_client, sklearn_map):
    job_waiting_for(6)
    for page in PAGES:
        text = publisher_client.get(page).content.decode()
        area = text.split('<div class="messages" id="messages" role="status"', 1)[1]
        assert SAID in area.split("</div>", 1)[0], page
        assert "heroku ps:scale worker=1" in text and "db_worker --queue-name outbox" in text


def test_nothing_is_said_while_the_worker_works(publisher_client, editor_client):
    job = job_waiting_for(4)  # not waiting long enough yet
    assert SAID not in publisher_client.get(PAGES[0]).content.decode()
    job_waiting_for(30)
    DBTaskResult.objects.filter(pk=job.pk).update(
        status="SUCCESSFUL", started_at=timezone.now() - timedelta(minutes=1)
    )  # a job was started a minute ago: the worker runs, only busy
    assert SAID not in publisher_client.get(PAGES[0]).content.decode()
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(hours=1))
    assert SAID in publisher_client.get(PAGES[0]).content.decode()
    assert SAID not in editor_client.get(PAGES[0]).content.decode()  # a publisher's concern


def test_a_job_due_later_is_not_missed_yet(publisher_client):
    later = timezone.now() + timedelta(minutes=1)
    deliver.using(run_after=later).enqueue("topic:1")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    assert SAID not in publisher_client.get(PAGES[0]).content.decode()


def test_one_statement_looked_at_most_every_few_seconds(monkeypatch):
    monkeypatch.setattr(worker_watch, "CHECK_EVERY", 60)
    monkeypatch.setitem(worker_watch._last_look, "at", float("-inf"))
    with CaptureQueriesContext(connection) as first:
        assert worker_watch.worker_idle_lately() is False
    job_waiting_for(10)
    with CaptureQueriesContext(connection) as again:
        assert worker_watch.worker_idle_lately() is False  # as seen a moment ago
    assert (len(first), len(again)) == (1, 0)
