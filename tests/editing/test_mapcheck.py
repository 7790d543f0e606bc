"""The map checks: each finding, the shipped map clean, and ``manage.py checkmap``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from advisor.core.mapcheck import (
    DATA_TOO_LONG,
    NO_BUTTONS,
    NO_EXIT,
    NO_START,
    NO_WAY_ON,
    UNREACHABLE,
    check_map,
)
from advisor.loading import load_draft
from advisor.models import Map
from tests.editing.maps import D, Q, R, graph_of, make_map

pytestmark = pytest.mark.django_db


def problems(map_obj: Map) -> list[tuple[str, str]]:
    return [(finding.problem, finding.node_key) for finding in check_map(graph_of(map_obj))]


def test_the_shipped_scikit_learn_map_is_clean():
    assert check_map(load_draft(Map.objects.get(slug="sklearn").pk)) == []


def test_a_clean_small_map():
    tiny = make_map({"ask": (Q, [("Yes", "yes"), ("No", "no")]), "yes": (R, []), "no": (D, [])})
    assert problems(tiny) == []


def test_a_map_without_a_first_question():
    tiny = make_map({"ask": (Q, [("Go", "end")]), "end": (R, [])})
    Map.objects.filter(pk=tiny.pk).update(start_node=None)
    [finding] = check_map(graph_of(tiny))
    assert finding.problem == NO_START
    assert finding.message == "Pick a first question: until then /start shows no map."


def test_steps_no_button_leads_to_are_unreachable():
    tiny = make_map({"ask": (Q, [("Go", "end")]), "end": (R, []), "lost": (R, [("Back", "ask")])})
    [finding] = check_map(graph_of(tiny))
    assert (finding.problem, finding.node_key) == (UNREACHABLE, "lost")
    assert finding.message == "No button leads here from the first question, so users never see it."


def test_a_question_with_no_buttons():
    tiny = make_map({"ask": (Q, [("Go", "empty")]), "empty": (Q, [])})
    assert problems(tiny) == [(NO_BUTTONS, "empty")]


def test_a_recommendation_whose_button_leads_back_to_itself():
    tiny = make_map({"ask": (Q, [("Go", "try")]), "try": (R, [("Not working", "try")])})
    [finding] = check_map(graph_of(tiny))
    assert (finding.problem, finding.node_key) == (NO_WAY_ON, "try")
    assert "'Not working' leads back to this same step" in finding.message


def test_a_loop_of_questions_with_no_exit():
    tiny = make_map(
        {
            "start": (Q, [("Loop", "a"), ("End", "end")]),
            "a": (Q, [("Next", "b")]),
            "b": (Q, [("Again", "a")]),
            "end": (R, []),
        }
    )
    assert problems(tiny) == [(NO_EXIT, "a"), (NO_EXIT, "b")]


def test_a_route_too_long_for_telegrams_button_data():
    chain = {f"q{n:02}": (Q, [("Next", f"q{n + 1:02}")]) for n in range(30)}
    chain["q30"] = (R, [])
    found = check_map(graph_of(make_map(chain)))
    assert [finding.problem for finding in found] == [DATA_TOO_LONG]
    assert "Telegram allows 64" in found[0].message
    assert "Back cannot return to the first question" in found[0].message


def run_checkmap(*args) -> tuple[str, str]:
    out = StringIO()
    try:
        call_command("checkmap", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


def test_checkmap_reports_the_shipped_map_clean():
    assert run_checkmap("sklearn") == ("sklearn: no problem(s)\n", "")


def test_checkmap_fails_and_names_each_problem():
    make_map({"ask": (Q, [("Go", "empty")]), "empty": (Q, []), "lost": (R, [])})
    out, error = run_checkmap()
    assert out.splitlines() == [
        "sklearn: no problem(s)",
        "tiny: 2 problem(s)",
        "  Cannot be reached 'lost': No button leads here from the first question, "
        "so users never see it.",
        "  Question with no answer buttons 'empty': The bot shows only Start over and Done "
        "under it: add answer buttons, or make it a recommendation or a dead end.",
    ]
    assert error == "2 problem(s) found."
    assert run_checkmap("nope") == ("", "No map is called 'nope'.")


@pytest.mark.django_db(transaction=True)  # the command closes the database connection
def test_checkmap_exit_status(capsys, sklearn_map):
    """As a shell or CI sees it: 0 for a clean map, non-zero when a problem is found."""
    make_map({"ask": (Q, [])})
    execute_from_command_line(["manage.py", "checkmap", "sklearn"])  # returns: status 0
    with pytest.raises(SystemExit) as exit_status:
        execute_from_command_line(["manage.py", "checkmap", "tiny"])
    assert exit_status.value.code == 1
    assert "CommandError: 1 problem(s) found." in capsys.readouterr().err
