"""One conflict check for every page (docs/architecture.md): only advisor.conflict_check
compares a save with what its page showed; the pages call it and show its refusal."""

from tests.test_import_rules import ADVISOR, PROJECT, imported


def test_only_the_conflict_check_compares_a_save_with_what_its_page_showed():
    callers = sorted(
        str(path.relative_to(PROJECT))
        for path in ADVISOR.rglob("*.py")
        if any(module == "advisor.core.conflicts.merge" for _, module in imported(path))
    )
    assert callers == ["advisor/conflict_check.py"]


def test_every_page_that_writes_goes_through_it():
    pages = ["admin/guarded.py", "actions/outline.py", "admin/textlists.py"]
    for page in pages:
        modules = {module for _, module in imported(ADVISOR / page)}
        assert "advisor.conflict_check.check" in modules, page
