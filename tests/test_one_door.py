"""The one-door rule (docs/architecture.md), read from the code: a map's content is written
by the editorial actions (advisor/actions/) alone, and the draft's revision is counted in
one place.

Precisely, in every module of advisor/ and botapp/ but the migrations:

- An ORM write is a call of ``save``, ``delete``, ``create``, ``bulk_create``,
  ``bulk_update``, ``get_or_create`` or ``update_or_create`` on anything, or of ``update``
  on a QuerySet (after ``.objects`` or a QuerySet method such as ``filter(…)``). A write of
  a model that is not map content (``RECORDS``: History entries, analytics, the log) is
  fine anywhere, when the code names the model (``HistoryEntry.objects.create``). Every
  other write (of ``CONTENT``, or of a receiver the code does not name, ``obj.save()``)
  lives in advisor/actions/ or in a write module (``WRITE_MODULES``).
- A write module's writing functions (those that write, or call one that does) are used
  only by advisor/actions/ and the write modules themselves (tests and migrations may too).
- What only the door does (``DOOR_ONLY``: counting a draft edit, putting an entry on the
  History) is called from advisor/actions/ alone.
- The Django admin of map content (a registered model admin, its inlines) would save and
  delete by itself: such an admin overrides each of the admin's own writes (``save_model``,
  ``delete_model``, ``delete_queryset``, with inlines ``save_formset``) to execute an action.
- The draft revision is counted (``F("draft_revision") + …``, or ``update(draft_revision=…)``)
  in advisor/actions/base.py only, and no model signal does anything behind the caller.
"""

import ast

from tests.one_door import DEFINITIONS, Rule, modules

ROOTS = ("advisor", "botapp")
#: Modules whose functions do the actions' writes (the actions call them in a transaction).
WRITE_MODULES = {
    "advisor/bottexts.py",
    "advisor/drafts.py",
    "advisor/mapfile.py",
    "advisor/outline_edits.py",
    "advisor/pictures.py",
    "advisor/translating.py",
    "advisor/versions.py",
}
#: Functions that only advisor/actions/ calls: counting a draft edit, a History entry.
DOOR_ONLY = {("advisor/actions/base.py", "count_draft_edit"), ("advisor/history.py", "record")}
#: A map's content: the draft, its versions and languages, pictures, bot texts, and what
#: users said under its recommendations (deleted only as an editorial action).
CONTENT = {"Map", "Node", "Button", "MapVersion", "MapLanguage", "Picture", "BotTexts", "Reason"}
#: Records that are not map content: written where they happen.
RECORDS = {
    "HistoryEntry",  # by the actions' record() (advisor.history)
    "LogEntry",  # Django admin's log
    "HandledUpdate",
    "RolledUpDay",
    "DayFigures",
    "StepFigures",
    "TelegramFile",
    # Conversations handed to the team (botapp/handoff): who talked to whom and when, the
    # outbox of copies, the team's group as Telegram reports it; written as they happen.
    "TeamGroup",
    "ConnectCode",
    "UserTopic",
    "Conversation",
    "OutboxMessage",
    # django-tasks-db's rows of the worker's jobs, its finished ones pruned by the daily job.
    "DBTaskResult",
}
#: Writes that are not an editor's change of a map, by (file, function), with why.
ALLOWED = {
    # Deletes what users said once it is older than the retention period (purgeanalytics).
    ("botapp/analytics/rollup.py", "prune_reasons"),
    # Stores an uploaded picture's bytes once, named by their SHA-256: no map refers to it
    # until an action puts it on a step.
    ("advisor/pictures.py", "store"),
    # The map page's form puts its own-words fields on the map, then saves as any model form:
    # only the page's action calls it (advisor/actions/pages.py PageSave.written).
    ("advisor/admin/map_form.py", "MapForm.save"),
    # A model's own save, defined on the model (advisor.models).
    ("advisor/models/maps.py", "Map.save"),
}


RULE = Rule(
    door="advisor/actions/",
    write_modules=frozenset(WRITE_MODULES),
    door_only=frozenset(DOOR_ONLY),
    content=frozenset(CONTENT),
    records=frozenset(RECORDS),
    allowed=frozenset(ALLOWED),
    other_actions=frozenset({"botapp/analytics/actions.py"}),
)


def test_map_content_is_written_through_the_actions_alone():
    problems = "\n".join(RULE.violations(modules(ROOTS)))
    assert not problems, (
        "Map content written outside the one door: do it in an action (advisor/actions/), "
        f"see tests/test_one_door.py.\n{problems}"
    )


def test_every_allowance_names_a_write_still_there():
    """An entry of ALLOWED whose write moved into an action goes with it."""
    parsed = modules(ROOTS)
    still = {(path, scope) for path, scope, _, _ in RULE.breaches(parsed)}
    still |= {(path, name) for path in WRITE_MODULES for name in top_level(parsed[path])}
    assert sorted(ALLOWED - still) == []


def top_level(tree: ast.Module) -> set[str]:
    return {node.name for node in tree.body if isinstance(node, DEFINITIONS)}


SAMPLE = """
from django.contrib import admin
from django.db.models import F
from django.db.models.signals import post_save
from advisor import history, versions
from advisor.outline_edits import edit_step as reword
from advisor.models import Button, HistoryEntry, Map


def save_it(node, values):
    node.text = "x"
    node.save(update_fields=["text"])
    Map.objects.filter(pk=node.map_id).update(title="y")
    HistoryEntry.objects.create(summary="fine: a record")
    values.update(title="fine: a dict")
    versions.unpublished_changes(node.map)
    versions.publish(node.map)
    reword(node, values)
    history.record(node.map, "changed", "Changed it")
    Map.objects.filter(pk=1).update(draft_revision=F("draft_revision") + 1)


@admin.register(Button)
class ButtonAdmin(admin.ModelAdmin):
    def delete_model(self, request, obj):
        pass
"""


def test_the_rule_finds_a_write_added_outside_the_door():
    parsed = {**modules(ROOTS), "advisor/admin/sample.py": ast.parse(SAMPLE)}
    added = [
        problem for problem in RULE.violations(parsed) if problem.startswith("advisor/admin/sample")
    ]
    only_actions = "only advisor/actions/ may call it"
    outside = "writes outside the door (advisor/actions/)"
    counts = "counts the draft revision (advisor/actions/base.py alone may)"
    admin_writes = "writes Button: override it to execute an action"
    assert [problem.removeprefix("advisor/admin/sample.py:") for problem in added] == [
        "4: model signals: nothing writes behind the caller's back",
        f"12: node.save() {outside}",
        f"13: Map.objects.filter(pk=node.map_id).update() {outside}",
        f"17: advisor/versions.py's publish(): {only_actions}",
        f"18: advisor/outline_edits.py's edit_step(): {only_actions}",
        f"19: advisor/history.py's record(): {only_actions}",
        f"20: Map.objects.filter(pk=1).update() {outside}",
        f"20: {counts}",
        f"20: {counts}",
        f"24: Django's admin delete_queryset {admin_writes}",
        f"24: Django's admin save_model {admin_writes}",
    ]


def test_inside_the_door_a_write_module_may_write_but_not_count_the_revision():
    source = "def bump(m):\n    type(m).objects.filter(pk=m.pk).update(draft_revision=1)\n"
    parsed = {**modules(ROOTS), "advisor/drafts.py": ast.parse(source)}
    assert [problem for problem in RULE.violations(parsed) if "drafts.py" in problem] == [
        "advisor/drafts.py:2: counts the draft revision (advisor/actions/base.py alone may)"
    ]
