"""The "Changes since the live version" list: pure over two map snapshots, no database."""

import copy
import json
from pathlib import Path

from advisor.core import change_kinds as c
from advisor.core.change_kinds import Change
from advisor.core.changes import changes_between, count_summary
from advisor.core.worddiff import marked_words

SKLEARN_MAP = Path(__file__).resolve().parent.parent / "advisor" / "maps" / "sklearn.json"


def step(id, key, *buttons, kind="question", text="", doc_url=""):
    """A step; each button is (id, label, target) or (id, label, target, summary)."""
    fields = ("id", "label", "target", "summary")
    return {
        "id": id,
        "key": key,
        "kind": kind,
        "text": text or f"Text of {key}.",
        "doc_url": doc_url,
        "buttons": [dict(zip(fields, (*b, "")[:4], strict=True)) for b in buttons],
    }


def snapshot(*nodes, start="samples", **fields):
    return {
        "slug": "sklearn",
        "title": "Choosing the right estimator",
        "greeting": "Hi {first_name}!",
        "goodbye": "Goodbye",
        "is_default": True,
        "is_published": True,
        "start": start,
        "nodes": list(nodes),
        **fields,
    }


def live():
    return snapshot(
        step(
            1,
            "samples",
            (10, "Yes", "category", ">50 samples"),
            (11, "No", "more-data"),
            text="Do you have more than 50 samples?",
        ),
        step(2, "category", (20, "Yes", "svc"), text="Are you predicting a category?"),
        step(3, "more-data", kind="dead_end", text="Get more data."),
        step(4, "svc", kind="recommendation", text="Try LinearSVC.", doc_url="https://x.org/svm"),
    )


#: How the change list names the steps of live(): by the start of their message.
SAMPLES = "“Do you have more than 50 samples?”"
CATEGORY = "“Are you predicting a category?”"
MORE_DATA = "“Get more data.”"
SVC = "“Try LinearSVC.”"


def node(snap, key):
    return next(n for n in snap["nodes"] if n["key"] == key)


def said(old, new):
    return [(change.what, change.summary) for change in changes_between(old, new)]


def test_identical_snapshots_change_nothing():
    assert changes_between(live(), live()) == []


def test_map_settings_are_not_content():
    draft = live()
    draft.update(slug="other", is_default=False, is_published=False)
    assert changes_between(live(), draft) == []


def test_map_level_changes_come_first_in_a_fixed_order():
    draft = live()
    node(draft, "svc")["text"] = "Try SVC."
    draft.update(goodbye="Bye", greeting="Hello!", start="category", title="Estimators")
    assert said(live(), draft) == [
        (
            c.TITLE_CHANGED,
            "The map's title is now “Estimators” (was “Choosing the right estimator”).",
        ),
        (
            c.FIRST_QUESTION_CHANGED,
            f"The first question is now {CATEGORY} (was {SAMPLES}).",
        ),
        (c.GREETING_CHANGED, "The greeting was reworded."),
        (c.GOODBYE_CHANGED, "The goodbye message was reworded."),
        (c.MESSAGE_REWORDED, "The message of “Try SVC.” was reworded."),
    ]
    greeting = changes_between(live(), draft)[2]
    assert (greeting.old, greeting.new, greeting.step_key) == ("Hi {first_name}!", "Hello!", "")
    first = changes_between(live(), draft)[1]
    assert (first.step_key, first.step_id) == ("category", 2)


def test_no_first_question_any_more():
    assert said(live(), {**live(), "start": None}) == [
        (
            c.FIRST_QUESTION_CHANGED,
            f"The first question is now none (was {SAMPLES}).",
        )
    ]


def test_step_added_shows_its_kind_and_the_start_of_its_message():
    draft = live()
    long_text = "Use a linear support vector classifier with a calibrated probability output."
    draft["nodes"].insert(2, step(5, "linear", (50, "Works", "svc"), text=long_text))
    draft["nodes"].append(step(6, "oops", kind="dead_end", text="Sorry,\nno luck."))
    node(draft, "category")["buttons"].append({"id": 21, "label": "No", "target": "linear"})
    assert said(live(), draft) == [
        (
            c.BUTTON_ADDED,
            f"Added button “No” under {CATEGORY}, leading to "
            "“Use a linear support vector classifier with a calibrated…”",
        ),
        (
            c.STEP_ADDED,
            "Added question “Use a linear support vector classifier with a calibrated…” "
            "with 1 button.",
        ),
        (c.STEP_ADDED, "Added dead end “Sorry, no luck.”"),
    ]
    added = changes_between(live(), draft)[1]
    assert (added.step_key, added.step_id, added.new) == ("linear", 5, long_text)


def test_step_removed_comes_after_the_steps_of_the_draft():
    draft = live()
    del draft["nodes"][2]
    node(draft, "samples")["buttons"].pop()
    node(draft, "svc")["text"] = "Try SVC."
    assert said(live(), draft) == [
        (
            c.BUTTON_REMOVED,
            f"Removed button “No” under {SAMPLES} (it led to {MORE_DATA}).",
        ),
        (c.MESSAGE_REWORDED, "The message of “Try SVC.” was reworded."),
        (c.STEP_REMOVED, f"Removed dead end {MORE_DATA}"),
    ]
    removed = changes_between(live(), draft)[-1]
    assert (removed.step_key, removed.step_id) == ("more-data", 3)


def test_renaming_a_step_does_not_retarget_the_buttons_leading_to_it():
    draft = live()
    node(draft, "category")["key"] = "predicting-category"
    node(draft, "samples")["buttons"][0]["target"] = "predicting-category"
    assert said(live(), draft) == [
        (
            c.STEP_RENAMED,
            f"The short name of {CATEGORY} is now “predicting-category” (was “category”).",
        )
    ]
    renamed = changes_between(live(), draft)[0]
    assert (renamed.step_key, renamed.step_id, renamed.old, renamed.new) == (
        "predicting-category",
        2,
        "category",
        "predicting-category",
    )


def test_renaming_the_first_question_keeps_it_first():
    draft = live()
    node(draft, "samples")["key"] = "how-many-samples"
    draft["start"] = "how-many-samples"
    assert said(live(), draft) == [
        (
            c.STEP_RENAMED,
            f"The short name of {SAMPLES} is now “how-many-samples” (was “samples”).",
        )
    ]


def test_kind_then_rename_then_message_then_link_then_buttons():
    draft = live()
    svc = node(draft, "svc")
    svc.update(kind="question", key="svc2", text="Did it work?", doc_url="https://x.org/svc")
    svc["buttons"].append({"id": 40, "label": "No", "target": "category"})
    node(draft, "category")["buttons"][0]["target"] = "svc2"
    assert said(live(), draft) == [
        (c.STEP_KIND, "Step “Did it work?” is now a question (was a recommendation)."),
        (c.STEP_RENAMED, "The short name of “Did it work?” is now “svc2” (was “svc”)."),
        (c.MESSAGE_REWORDED, "The message of “Did it work?” was reworded."),
        (
            c.DOC_LINK_CHANGED,
            "The documentation link of “Did it work?” is now https://x.org/svc "
            "(was https://x.org/svm).",
        ),
        (
            c.BUTTON_ADDED,
            f"Added button “No” under “Did it work?”, leading to {CATEGORY}",
        ),
    ]
    message = changes_between(live(), draft)[2]
    assert (message.old, message.new) == ("Try LinearSVC.", "Did it work?")


def test_documentation_link_added_and_removed():
    draft = live()
    node(draft, "svc")["doc_url"] = ""
    node(draft, "more-data")["doc_url"] = "https://x.org/data"
    assert said(live(), draft) == [
        (
            c.DOC_LINK_CHANGED,
            f"The documentation link of {MORE_DATA} is now https://x.org/data (was none).",
        ),
        (
            c.DOC_LINK_CHANGED,
            f"The documentation link of {SVC} was removed (was https://x.org/svm).",
        ),
    ]


def test_each_kind_of_button_change():
    draft = live()
    yes, no = node(draft, "samples")["buttons"]
    yes.update(label="Yes, many", target="svc")
    no["summary"] = "few samples"
    node(draft, "category")["buttons"][0]["summary"] = "a category"
    assert said(live(), draft) == [
        (
            c.BUTTON_RELABELLED,
            f"Button “Yes” under {SAMPLES} now reads “Yes, many”.",
        ),
        (
            c.BUTTON_RETARGETED,
            f"Button “Yes, many” under {SAMPLES} now leads to {SVC} (was {CATEGORY}).",
        ),
        (
            c.BUTTON_SUMMARY_CHANGED,
            f"The answer in short for button “No” under {SAMPLES} is now “few samples” "
            "(was empty).",
        ),
        (
            c.BUTTON_SUMMARY_CHANGED,
            f"The answer in short for button “Yes” under {CATEGORY} is now “a category” "
            "(was empty).",
        ),
    ]
    relabelled = changes_between(live(), draft)[0]
    assert relabelled == Change(
        c.BUTTON_RELABELLED,
        "samples",
        1,
        f"Button “Yes” under {SAMPLES} now reads “Yes, many”.",
        "Yes",
        "Yes, many",
        "button:10",  # what discarding it alone puts back
    )


def test_the_example_retarget_sentence():
    draft = live()
    draft["nodes"].append(step(5, "category2", text="Category, again?"))
    node(draft, "samples")["buttons"][0]["target"] = "category2"
    assert said(live(), draft)[0] == (
        c.BUTTON_RETARGETED,
        f"Button “Yes” under {SAMPLES} now leads to “Category, again?” (was {CATEGORY}).",
    )


def test_a_button_leading_to_a_removed_step_now_leads_to_its_new_namesake():
    """Ids tell a removed step from a new one that took its key."""
    draft = live()
    draft["nodes"][3] = step(9, "svc", kind="recommendation", text="Try LinearSVC.")
    assert said(live(), draft) == [
        (
            c.BUTTON_RETARGETED,
            f"Button “Yes” under {CATEGORY} now leads to {SVC} (was {SVC}).",
        ),
        (c.STEP_ADDED, f"Added recommendation {SVC}"),
        (c.STEP_REMOVED, f"Removed recommendation {SVC}"),
    ]


def test_swapping_two_buttons_only_reorders():
    draft = live()
    buttons = node(draft, "samples")["buttons"]
    buttons.reverse()
    assert said(live(), draft) == [
        (
            c.BUTTONS_REORDERED,
            f"The buttons under {SAMPLES} are now in the order “No”, “Yes” (was “Yes”, “No”).",
        )
    ]


def test_a_reorder_lists_every_answer_in_both_orders():
    draft = live()
    buttons = node(draft, "samples")["buttons"]
    buttons.reverse()
    buttons.insert(1, {"id": 12, "label": "Maybe", "target": "svc"})
    reordered = [summary for what, summary in said(live(), draft) if what == c.BUTTONS_REORDERED]
    assert reordered == [
        f"The buttons under {SAMPLES} are now in the order “No”, “Maybe”, “Yes” (was “Yes”, “No”)."
    ]


def test_adding_a_button_in_front_is_not_a_reorder():
    draft = live()
    node(draft, "samples")["buttons"].insert(0, {"id": 12, "label": "Maybe", "target": "svc"})
    assert said(live(), draft) == [
        (
            c.BUTTON_ADDED,
            f"Added button “Maybe” under {SAMPLES}, leading to {SVC}",
        )
    ]


def test_a_button_moved_to_another_step_is_removed_and_added():
    draft = live()
    moved = node(draft, "samples")["buttons"].pop()
    node(draft, "category")["buttons"].append(moved)
    assert said(live(), draft) == [
        (
            c.BUTTON_REMOVED,
            f"Removed button “No” under {SAMPLES} (it led to {MORE_DATA}).",
        ),
        (
            c.BUTTON_ADDED,
            f"Added button “No” under {CATEGORY}, leading to {MORE_DATA}",
        ),
    ]


def test_nothing_published_yet_means_every_step_is_added():
    assert said(None, live()) == [
        (c.STEP_ADDED, f"Added question {SAMPLES} with 2 buttons."),
        (c.STEP_ADDED, f"Added question {CATEGORY} with 1 button."),
        (c.STEP_ADDED, f"Added dead end {MORE_DATA}"),
        (c.STEP_ADDED, f"Added recommendation {SVC}"),
    ]


def without_ids(snap):
    snap = copy.deepcopy(snap)
    for n in snap["nodes"]:
        del n["id"]
        for b in n["buttons"]:
            del b["id"]
    return snap


def test_without_ids_steps_match_by_key_and_buttons_by_position():
    old, draft = without_ids(live()), without_ids(live())
    assert changes_between(old, draft) == []
    node(draft, "samples")["buttons"][0]["label"] = "Yep"
    node(draft, "category")["key"] = "predicting-category"
    node(draft, "samples")["buttons"][0]["target"] = "predicting-category"
    assert said(old, draft) == [
        (
            c.BUTTON_RELABELLED,
            f"Button “Yes” under {SAMPLES} now reads “Yep”.",
        ),
        (
            c.BUTTON_RETARGETED,
            f"Button “Yep” under {SAMPLES} now leads to {CATEGORY} (was {CATEGORY}).",
        ),
        (c.STEP_ADDED, f"Added question {CATEGORY} with 1 button."),
        (c.STEP_REMOVED, f"Removed question {CATEGORY}"),
    ]
    assert changes_between(old, draft)[0].step_id is None


def test_a_map_file_against_a_draft_with_ids_matches_by_key():
    assert changes_between(without_ids(live()), live()) == []
    assert changes_between(live(), without_ids(live())) == []


def test_marked_words_round_trip_and_marks():
    old = "Do you have  more than 50 samples?\n\nCount them."
    new = "Do you have at least 50 samples?\n\nCount them."
    old_pieces, new_pieces = marked_words(old, new)
    assert "".join(piece for piece, _ in old_pieces) == old
    assert "".join(piece for piece, _ in new_pieces) == new
    assert [p for p, marked in old_pieces if marked] == ["more ", "than "]
    assert [p for p, marked in new_pieces if marked] == ["at ", "least "]
    assert old_pieces[0] == ("Do ", False)


def test_marked_words_edges():
    assert marked_words("", "") == ([], [])
    assert marked_words("", "Hi there") == ([], [("Hi ", True), ("there", True)])
    assert marked_words("  Hi ", "  Hi ") == ([("  Hi ", False)], [("  Hi ", False)])
    old_pieces, new_pieces = marked_words("One. Two.", "One.\n\nTwo.")
    assert old_pieces == [("One. ", True), ("Two.", False)]
    assert new_pieces == [("One.\n\n", True), ("Two.", False)]


def test_count_summary():
    assert count_summary([]) == "No unpublished changes"
    assert count_summary(changes_between(live(), {**live(), "title": "T"})) == (
        "1 unpublished change"
    )
    assert count_summary([None] * 3) == "3 unpublished changes"


def test_the_shipped_map():
    shipped = json.loads(SKLEARN_MAP.read_text())
    ids = iter(range(1, 10_000))
    for n in shipped["nodes"]:
        n.setdefault("id", next(ids))
        for b in n["buttons"]:
            b.setdefault("id", next(ids))
    draft = copy.deepcopy(shipped)
    assert changes_between(shipped, draft) == []
    draft["nodes"][5]["text"] += " Really."
    [change] = changes_between(shipped, draft)
    assert (change.what, change.step_key) == (c.MESSAGE_REWORDED, draft["nodes"][5]["key"])
    assert change.new == change.old + " Really."


def test_languages_own_words_and_translations_are_content():
    old = live()
    new = copy.deepcopy(old)
    new["languages"] = [{"code": "de", "name": "Deutsch"}]
    new["texts"] = {"back": "Previous"}
    node(new, "samples")["translations"] = {"de": {"text": "Mehr als 50?", "source": {}}}
    assert said(old, new) == [
        (c.LANGUAGES_CHANGED, "Added Deutsch (de)."),
        (c.OWN_WORD_CHANGED, "Back button now reads “Previous” (was “Back”)."),
        (c.TRANSLATION_CHANGED, "1 text(s) of Deutsch (de) translated, retranslated or left out."),
    ]
    removed = copy.deepcopy(new)
    removed["nodes"] = [n for n in removed["nodes"] if n["key"] != "samples"]
    assert c.TRANSLATION_CHANGED not in {what for what, _ in said(new, removed)}  # went with it
