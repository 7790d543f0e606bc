"""Migrations stand on their own: a database goes back to zero and forward again to the
same shipped content."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from advisor.models import BotTexts


def shipped_content() -> dict:
    """What migrating makes: the scikit-learn map's live version and draft as exportmap
    prints them, and the bot's own words."""
    exports = {}
    for args in (("sklearn",), ("sklearn", "--draft")):
        out = StringIO()
        call_command("exportmap", *args, stdout=out)
        exports[args] = out.getvalue()
    return {**exports, "bot": list(BotTexts.objects.values("texts", "translations"))}


@pytest.mark.django_db(transaction=True)
def test_migrating_back_to_zero_and_forward_again_ships_the_same_content(sklearn_map):
    """(On SQLite, migrating back through 0012 rebuilds the buttons' table, which drops its
    triggers before 0002 would.)"""
    before = shipped_content()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([("advisor", None)])
    assert "advisor_map" not in connection.introspection.table_names()

    MigrationExecutor(connection).migrate(latest)
    assert shipped_content() == before
    assert '"code": "es"' in before["sklearn",]
    groups = Group.objects.order_by("name")
    editors, publishers = (set(group.permissions.all()) for group in groups)
    assert len(editors) == 19 and editors < publishers
