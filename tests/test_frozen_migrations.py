"""Migrations stand on their own: they import no project code, so moving a module cannot
break an old migration, and a database goes back to zero and forward again to the same
shipped content."""

import ast
import sys
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from advisor.models import BotTexts
from tests.conftest import PROJECT

MIGRATIONS = ("advisor.migrations", "botapp.migrations")
#: A schema migration names its fields' validators where they live (Django's practice).
VALIDATORS = "advisor.markup"


def imported(tree: ast.Module) -> list[tuple[int, str]]:
    """The absolute modules a migration imports, with their lines: import statements and
    import_module("…") calls (relative imports stay inside the migrations' package)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
        ):
            name = node.args[0]
            found.append((node.lineno, name.value if isinstance(name, ast.Constant) else "?"))
    return found


def validator_uses_only(tree: ast.Module) -> bool:
    """Whether every use of ``advisor`` in the module is in a field's ``validators=``."""
    allowed = {
        id(node)
        for keyword in ast.walk(tree)
        if isinstance(keyword, ast.keyword) and keyword.arg == "validators"
        for node in ast.walk(keyword.value)
    }
    return all(
        id(node) in allowed
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id == "advisor"
    )


def allowed(module: str, tree: ast.Module) -> bool:
    top = module.partition(".")[0]
    if top == "django" or top in sys.stdlib_module_names:
        return True
    if module.startswith(tuple(f"{package}." for package in MIGRATIONS)):
        return True
    return module == VALIDATORS and validator_uses_only(tree)


def test_no_migration_imports_project_code():
    """Migrations (and their private "_" modules) import django, the standard library and
    one another only. The one exception: ``import advisor.markup`` where it is needed only
    for the dotted paths of fields' validators (0011, 0012), as Django writes them."""
    files = [
        path
        for package in MIGRATIONS
        for path in sorted(PROJECT.joinpath(*package.split(".")).glob("*.py"))
    ]
    assert len(files) > 20
    wrong = []
    for path in files:
        tree = ast.parse(path.read_text(), str(path))
        wrong += [
            f"{path.relative_to(PROJECT)}:{line} imports {module}"
            for line, module in imported(tree)
            if not allowed(module, tree)
        ]
    assert wrong == []


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
