"""The pure rules under team editing: the three-way merge of a save (advisor.core.conflicts) and
taking back one unpublished change (advisor.core.undo), over plain data."""

import copy

import pytest

from advisor.core.changes import changes_between
from advisor.core.conflicts import Opened, fingerprint, merge, opened_token, read_token
from advisor.core.undo import UndoRefused, revert, unit_fingerprint
from tests.test_changes import live, node, step


def opened(**values) -> Opened:
    return Opened({name: fingerprint(value) for name, value in values.items()})


def test_a_field_only_they_changed_takes_theirs_and_one_only_i_changed_keeps_mine():
    shown = opened(text="Old?", label="Yes")
    result = merge(shown, {"text": "Old?", "label": "Yes, many"}, {"text": "New?", "label": "Yes"})
    assert result.values == {"text": "New?", "label": "Yes, many"}
    assert result.theirs == {"text": "New?"} and result.mine == {"label"}
    assert result.stale and not result.clashes


def test_both_changing_one_field_differently_is_a_clash_the_same_way_is_not():
    shown = opened(text="Old?")
    clash = merge(shown, {"text": "Mine?"}, {"text": "Theirs?"})
    assert clash.clashes == {"text"} and clash.values == {"text": "Mine?"}
    same = merge(shown, {"text": "Same?"}, {"text": "Same?"})
    assert same.stale and not same.clashes


def test_rows_added_or_removed_meanwhile_and_what_a_browser_changes_on_the_way():
    shown = opened(**{"buttons-1": "on", "buttons-1-label": "No"})
    result = merge(shown, {"buttons-1": "on", "buttons-1-label": "No"}, {"buttons-2": "on"})
    assert result.theirs == {"buttons-1": None, "buttons-1-label": None, "buttons-2": "on"}
    assert result.values == {"buttons-2": "on"}  # the removed row stays removed
    assert not merge(opened(text="a\nb"), {"text": " a\r\nb "}, {"text": "a\nb"}).stale


def test_nothing_changed_is_not_stale_and_a_missing_or_forged_token_checks_everything():
    assert not merge(opened(text="x"), {"text": "y"}, {"text": "x"}).stale
    assert read_token("not json") is None and read_token('{"e": "1", "f": {}}') is None
    token = read_token(opened_token({"text": "x"}, 7))
    assert token.last_entry == 7 and token.fingerprints == {"text": fingerprint("x")}
    assert merge(None, {"text": "y"}, {"text": "x"}).clashes == {"text"}


def units_of(draft: dict) -> set[str]:
    return {change.unit for change in changes_between(live(), draft)}


def test_putting_back_one_step_leaves_the_other_changes():
    draft = live()
    node(draft, "samples")["text"] = "Fifty or more?"
    node(draft, "svc")["text"] = "Try SVC."
    reverted = revert(draft, live(), "step:1")
    assert node(reverted, "samples")["text"] == live()["nodes"][0]["text"]
    assert units_of(reverted) == {"step:4"}  # the other change stays
    assert units_of(draft) == {"step:1", "step:4"}  # the input is not changed


def test_a_renamed_step_goes_back_with_the_buttons_that_lead_to_it():
    draft = live()
    node(draft, "svc")["key"] = "linear-svc"
    node(draft, "category")["buttons"][0]["target"] = "linear-svc"
    reverted = revert(draft, live(), "step:4")
    assert changes_between(live(), reverted) == []


def test_an_added_step_is_removed_unless_buttons_lead_to_it():
    draft = live()
    draft["nodes"].append(step(5, "maybe", kind="dead_end"))
    assert changes_between(live(), revert(draft, live(), "step:5")) == []
    node(draft, "samples")["buttons"].append({"id": 12, "label": "Maybe", "target": "maybe"})
    with pytest.raises(UndoRefused, match="buttons lead to it .“Maybe” under “Do you have more"):
        revert(draft, live(), "step:5")
    assert (
        changes_between(live(), revert(revert(draft, live(), "button:12"), live(), "step:5")) == []
    )


def test_a_removed_step_comes_back_with_its_buttons_and_ids():
    draft = live()
    node(draft, "samples")["buttons"].pop()  # the button to "more-data" first
    draft["nodes"] = [n for n in draft["nodes"] if n["key"] != "category"]
    node(draft, "samples")["buttons"][0]["target"] = "svc"
    reverted = revert(draft, live(), "step:2")
    assert node(reverted, "category") == node(live(), "category")
    reverted = revert(revert(reverted, live(), "button:10"), live(), "button:11")
    assert changes_between(live(), reverted) == []


def test_a_button_cannot_come_back_to_a_step_that_is_gone():
    draft = live()
    node(draft, "samples")["buttons"].pop()
    draft["nodes"] = [n for n in draft["nodes"] if n["key"] != "more-data"]
    with pytest.raises(UndoRefused, match="leads to “Get more data.”, which is no longer in"):
        revert(draft, live(), "button:11")
    assert node(revert(draft, live(), "step:3"), "more-data")["text"] == "Get more data."


def test_the_order_of_buttons_and_the_map_own_texts_go_back_alone():
    draft = live()
    buttons = node(draft, "samples")["buttons"]
    buttons.reverse()
    draft["greeting"] = "Hi!"
    draft["texts"] = {"back": "Previous"}
    assert units_of(draft) == {"order:1", "map:greeting", "text:back"}
    assert units_of(revert(draft, live(), "order:1")) == {"map:greeting", "text:back"}
    assert units_of(revert(draft, live(), "text:back")) == {"order:1", "map:greeting"}


def test_a_translation_goes_back_in_one_language_only():
    old = live()
    old["languages"] = [{"code": "de", "name": "Deutsch"}, {"code": "es", "name": "Español"}]
    draft = copy.deepcopy(old)
    node(draft, "samples")["translations"] = {"de": {"text": "Mehr?"}, "es": {"text": "¿Más?"}}
    reverted = revert(draft, old, "translation:de")
    assert node(reverted, "samples")["translations"] == {"es": {"text": "¿Más?"}}


def test_a_units_fingerprint_follows_only_its_part():
    draft = live()
    before = unit_fingerprint(draft, "step:1")
    node(draft, "svc")["text"] = "Elsewhere."
    assert unit_fingerprint(draft, "step:1") == before
    node(draft, "samples")["text"] = "Here?"
    assert unit_fingerprint(draft, "step:1") != before
    with pytest.raises(UndoRefused):
        unit_fingerprint(draft, "nonsense")
