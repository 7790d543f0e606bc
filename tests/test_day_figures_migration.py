"""Migration botapp 0009: the per-day figures rolled up before the channel existed were all
Telegram's; each becomes the every-channel row and a Telegram copy, steps included, so old
days filtered by Telegram show the same figures. Back again, the rows are as they were."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from advisor.models import Map

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("botapp", "0008_channels")]
DAY_COLUMNS = ("map_id", "day", "language", "chats", "chats_sketch", "completions")
DAY_COLUMNS += ("completions_sketch", "paths", "last_languages")
STEP_COLUMNS = ("node_id", "key", "kind", "reached", "left_here", "reached_sketch")
STEP_COLUMNS += ("helpful", "not_helpful", "shared_arrivals")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def figures(apps, **chosen) -> list[tuple]:
    """Each day row's values with its steps' (sketches as bytes), in a stable order."""

    def plain(row):
        return tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)

    days = apps.get_model("botapp", "DayFigures").objects.filter(**chosen)
    steps = apps.get_model("botapp", "StepFigures").objects
    return sorted(
        (
            plain(row[1:]),
            sorted(
                plain(step)
                for step in steps.filter(day_figures_id=row[0]).values_list(*STEP_COLUMNS)
            ),
        )
        for row in days.values_list("pk", *DAY_COLUMNS)
    )


def test_old_figures_become_every_channels_and_telegrams():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    try:
        map_id = Map.objects.create(slug="old", title="Old").pk  # the map as it is now
        days = old.get_model("botapp", "DayFigures").objects
        steps = old.get_model("botapp", "StepFigures").objects
        for n, (day, language) in enumerate(
            [(date(2026, 1, 5), "*"), (date(2026, 1, 5), "en"), (date(2026, 1, 6), "*")]
        ):
            row = days.create(
                map_id=map_id,
                day=day,
                language=language,
                chats=3 + n,
                chats_sketch=bytes([n, 1, 2]),
                completions=n,
                completions_sketch=bytes([n, 9]),
                paths={"g:1:2:a": n + 1},
                last_languages={"en": 3 + n} if language == "*" else {},
            )
            for node_id in (10, 11 + n):
                steps.create(
                    day_figures=row,
                    node_id=node_id,
                    key=f"step-{node_id}",
                    kind="question",
                    reached=node_id + n,
                    left_here=n,
                    reached_sketch=bytes([node_id]),
                    helpful=n - 1,
                    not_helpful=1,
                    shared_arrivals=n,
                )
        before = figures(old)

        new = migrate(latest)
        assert figures(new, channel="*") == before
        assert figures(new, channel="telegram") == before
        assert new.get_model("botapp", "DayFigures").objects.count() == 6

        back = migrate(BEFORE)
        assert figures(back) == before
    finally:
        migrate(latest)
