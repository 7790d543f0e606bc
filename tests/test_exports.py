"""The analytics page's CSV downloads and ``manage.py exportanalytics``: the figures parse back
to the page's, users' text survives as it was written and is never run as a formula."""

import csv
import io
import json
from datetime import datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from advisor.core.graph import MapGraph
from advisor.loading import live_graph
from botapp.analytics.exports import BOM, FIGURE_COLUMNS, REASON_COLUMNS, guarded
from botapp.models import HandledUpdate
from tests.test_feedback_analytics import R1, add_reason, event_rows, page_of

pytestmark = pytest.mark.django_db

ANALYTICS = "/admin/botapp/handledupdate/analytics"
FORMULAS = ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx", "fine = 1"]
GUARDED = ["'=SUM(A1)", "'+1", "'-2", "'@x", "'\tx", "'\rx", "fine = 1"]
AWKWARD = 'Something "simple", with commas,\nline breaks\r\nand emoji 🤖👍🏽 — ñ'


@pytest.fixture
def recorded(sklearn_map) -> MapGraph:
    """Votes and shared links opened over the last days (test_feedback_analytics.EVENTS)."""
    graph = live_graph(sklearn_map.id)
    HandledUpdate.objects.bulk_create(event_rows(graph))
    return graph


def parsed(text: str) -> list[dict]:
    """CSV text read back as a spreadsheet would, after its BOM."""
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM) :], newline="")))


def download(client, graph, what: str, **query):
    response = client.get(f"{ANALYTICS}/{graph.id}/{what}.csv", query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response, parsed(response.content.decode("utf-8"))


def page_figures(stats) -> list[dict]:
    """The page's figures as strings, the way the CSV has them."""
    return [
        {
            "step_key": n.key,
            "step": n.name,
            "kind": n.kind_name,
            "reached": str(n.reached.value),
            "left_there": str(n.left_here),
            "helpful": str(n.helpful),
            "not_helpful": str(n.not_helpful),
            "helpful_percent": "" if n.helpful_percent is None else str(n.helpful_percent),
            "shared_arrivals": str(n.shared_arrivals),
            "asked_for_person": str(n.asked_for_person),
            "median_seconds_to_first_answer": (
                "" if n.median_wait is None else str(int(n.median_wait.total_seconds()))
            ),
        }
        for n in stats.nodes
    ]


@pytest.mark.parametrize(
    "query",
    [{}, {"days": "all"}, {"days": "all", "language": "es"}, {"days": "7", "language": "none"}],
)
def test_the_figures_csv_parses_back_to_the_page(recorded, admin_client, query):
    stats = page_of(admin_client, recorded, **query).context["stats"]
    response, rows = download(admin_client, recorded, "figures", **query)
    assert list(rows[0]) == list(FIGURE_COLUMNS)
    assert rows == page_figures(stats)
    assert rows[0]["step_key"] == "more-than-50-samples" and len(rows) == len(recorded.nodes)
    linear = next(row for row in rows if row["step_key"] == R1)
    if query.get("language") is None and query.get("days") == "all":
        assert linear["helpful_percent"] == "60"  # the 3 👍 and 2 👎 votes held
    today = timezone.localdate()
    first = {"30": today - timedelta(days=29), "7": today - timedelta(days=6), "all": "start"}
    name = f"sklearn-figures-{first[query.get('days', '30')]}-{today}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_page_links_its_downloads_with_its_range(recorded, admin_client):
    shown = page_of(admin_client, recorded, days="7", language="es").content.decode()
    assert f'href="{ANALYTICS}/{recorded.id}/figures.csv?days=7&amp;language=es"' in shown
    assert f'href="{ANALYTICS}/{recorded.id}/reasons.csv?days=7&amp;language=es"' in shown


def test_reasons_survive_as_written_and_never_run_as_formulas(recorded, admin_client):
    add_reason(recorded, AWKWARD, "es", ago=timedelta(minutes=10))
    for n, text in enumerate(FORMULAS):
        add_reason(recorded, text, ago=timedelta(minutes=n))
    add_reason(recorded, "too old", ago=timedelta(days=40))
    response, rows = download(admin_client, recorded, "reasons")
    assert list(rows[0]) == list(REASON_COLUMNS)
    assert [row["text"] for row in rows] == [*GUARDED, AWKWARD]
    today = timezone.localdate()
    name = f"sklearn-reasons-{today - timedelta(days=29)}-{today}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    awkward = rows[-1]
    given_at = datetime.fromisoformat(awkward.pop("given_at"))
    assert given_at.utcoffset() is not None and abs(timezone.now() - given_at) < timedelta(hours=1)
    assert awkward == {
        "language": "es",
        "channel": "telegram",
        "recommendation_key": R1,
        "recommendation": "Try Linear SVC (sklearn.svm.LinearSVC).",
        "answers": "Yes › Yes › Yes › <100K samples",
        "text": AWKWARD,
    }
    _response, spanish = download(admin_client, recorded, "reasons", language="es")
    assert [row["text"] for row in spanish] == [AWKWARD]


def test_guarded_cells():
    cells = {"=1": "'=1", "+1": "'+1", "-1": "'-1", "@a": "'@a", "\ta": "'\ta", "a=1": "a=1"}
    assert {cell: guarded(cell) for cell in cells} == cells
    assert [guarded(value) for value in ("", None, 7, 0)] == ["", "", 7, 0]  # numbers as numbers


def test_the_command_writes_the_same_as_csv_and_json(recorded, admin_client, tmp_path):
    add_reason(recorded, AWKWARD, "es")
    add_reason(recorded, "=1+1", "en", ago=timedelta(days=3))
    stats = page_of(admin_client, recorded, days="all").context["stats"]
    _response, downloaded = download(admin_client, recorded, "figures", days="all")
    out = io.StringIO()
    call_command("exportanalytics", "sklearn", stdout=out)
    assert parsed(out.getvalue()) == downloaded == page_figures(stats)
    target = tmp_path / "figures.json"
    out = io.StringIO()
    call_command("exportanalytics", "sklearn", "--format", "json", "--output", target, stdout=out)
    assert out.getvalue() == f"Wrote {len(stats.nodes)} step(s) to {target}.\n"
    figures = json.loads(target.read_text(encoding="utf-8"))
    assert [{k: str(v) if v is not None else "" for k, v in row.items()} for row in figures] == (
        downloaded
    )
    assert isinstance(figures[0]["reached"], int)

    out = io.StringIO()
    call_command("exportanalytics", "sklearn", "--reasons", stdout=out)
    assert [row["text"] for row in parsed(out.getvalue())] == [AWKWARD, "'=1+1"]
    out = io.StringIO()
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    call_command(
        "exportanalytics", "sklearn", "--reasons", "--format=json", f"--since={since}", stdout=out
    )
    (reason,) = json.loads(out.getvalue())
    assert list(reason) == list(REASON_COLUMNS) and reason["text"] == AWKWARD  # as written
    out = io.StringIO()
    call_command("exportanalytics", "sklearn", "--reasons", "--language=en", stdout=out)
    assert [row["text"] for row in parsed(out.getvalue())] == ["'=1+1"]


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["nosuchmap"], "No map is called 'nosuchmap'."),
        (
            ["sklearn", "--since", "2025-13-01"],
            "--since '2025-13-01' is not a date: write YYYY-MM-DD.",
        ),
        (["sklearn", "--until", "yesterday"], "--until 'yesterday' is not a date"),
        (
            ["sklearn", "--since", "2025-02-01", "--until", "2025-01-31"],
            "--since is after --until.",
        ),
    ],
)
def test_the_command_says_what_is_wrong_in_one_line(sklearn_map, arguments, message):
    with pytest.raises(CommandError) as error:
        call_command("exportanalytics", *arguments, stdout=io.StringIO())
    assert str(error.value).startswith(message) and "\n" not in str(error.value)
