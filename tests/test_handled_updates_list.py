"""The admin's raw "Handled updates" list: its date drill-down finds the same years, months
and days as Django's own query (one DISTINCT over every row), by index probes."""

from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone

from botapp.models import HandledUpdate

pytestmark = pytest.mark.django_db

MOMENTS = [
    (2025, 12, 31, 23, 59),
    (2026, 1, 1, 0, 0),
    (2026, 1, 1, 12, 0),
    (2026, 2, 28, 8, 30),
    (2026, 11, 3, 10, 0),
    (2026, 11, 25, 23, 0),
]


@pytest.fixture
def updates():
    for number, moment in enumerate(MOMENTS):
        kind = "goodbye" if number % 2 else "start"
        at = timezone.make_aware(datetime(*moment))
        HandledUpdate.objects.create(update_id=number, chat_id=1, kind=kind, handled_at=at)


@pytest.mark.parametrize("kind", ["year", "month", "day"])
@pytest.mark.parametrize("order", ["ASC", "DESC"])
@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kathmandu"])
def test_the_drill_down_finds_what_djangos_query_finds(updates, kind, order, zone):
    with timezone.override(zone):
        assert_same_periods(kind, order)


def assert_same_periods(kind: str, order: str) -> None:
    for rows in (
        HandledUpdate.objects.all(),
        HandledUpdate.objects.filter(kind="goodbye"),
        HandledUpdate.objects.filter(handled_at__year=2026),
        HandledUpdate.objects.none(),
    ):
        djangos = models.QuerySet.datetimes(rows, "handled_at", kind, order)
        assert rows.datetimes("handled_at", kind, order) == list(djangos)


def test_the_list_shows_the_drill_down_and_the_count(updates, client):
    client.force_login(User.objects.create_superuser("admin", password="x"))
    page = client.get("/admin/botapp/handledupdate/").content.decode()
    assert "?handled_at__year=2025" in page and "?handled_at__year=2026" in page
    assert "6 handled updates" in page
    month = client.get("/admin/botapp/handledupdate/?handled_at__year=2026&handled_at__month=11")
    days = month.content.decode()
    assert "handled_at__day=3" in days and "handled_at__day=25" in days
    assert "2 handled updates" in days
