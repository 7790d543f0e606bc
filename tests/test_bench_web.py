"""The web bench row (``python -m bench.web``) at a tiny scale, so that it cannot rot: 3
visitors walking the shipped map's chat page for a second, then the webhook for a second, and
the transferred sizes. It asserts the figures are printed, not what they are. The bench runs
on PostgreSQL only (its gunicorn hooks count PostgreSQL's round trips)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bench runs on PostgreSQL")
def test_visitors_walk_to_recommendations_and_the_figures_are_printed(tmp_path):
    database = os.environ["DATABASE_URL"].rsplit("/", 1)[1] + "_bench_web"
    argv = [sys.executable, "-m", "bench.web", "--visitors", "3", "--seconds", "1"]
    argv += ["--warmup", "0.5", "--chats", "4", "--webhook-seconds", "1"]
    argv += ["--webhook-warmup", "0.5", "--database", database, "--out", str(tmp_path)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for printed in (
        "web chat, 3 visitors walking /chat/sklearn/",
        "requests/s",
        "latency ms p50 / p95",
        "errors (answers other than 200)              0",
        "SQL statements per answer p50 (max)",
        "webhook, 4 chats pressing buttons",
        "updates/s",
        "a recommendation's page (as sent)",
        "the page with its assets",
        "the loader /embed.js",
    ):
        assert printed in done.stdout, done.stdout
    facts = json.loads(next(tmp_path.glob("*-web/results.json")).read_text())
    assert facts["web"]["requests"] > 0 and facts["web"]["errors"] == 0
    assert facts["web"]["reached"] > 0  # walks reached recommendations
    assert facts["webhook"]["updates_per_s"] > 0
    assert {encoding for _, encoding in facts["sizes"]["assets"].values()} == {"gzip"}
    assert facts["sizes"]["total"] > facts["sizes"]["page"] > 0
