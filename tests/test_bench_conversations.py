"""The conversations bench row (``python -m bench.conversations``) at a tiny scale, so that it
cannot rot: 4 users × 6 messages and as many team replies, with the stand-in's minute at 10 s,
so that the 29 messages into the group meet its limit of 20 a minute. The bench runs on
PostgreSQL only (its gunicorn hooks count PostgreSQL's round trips)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bench runs on PostgreSQL")
def test_every_message_once_in_order_within_three_statements_429s_honoured(tmp_path):
    database = os.environ["DATABASE_URL"].rsplit("/", 1)[1] + "_bench_conversations"
    argv = [sys.executable, "-m", "bench.conversations", "--users", "4", "--messages", "6"]
    argv += ["--minute-seconds", "10", "--database", database, "--out", str(tmp_path)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "every message delivered once, in order per user: yes" in done.stdout
    facts = json.loads(next(tmp_path.glob("*-conversations/results.json")).read_text())
    assert (facts["users_once_in_order"], facts["missing"], facts["duplicated"]) == (4, 0, 0)
    assert facts["cards"] == 4
    assert facts["outbox"] == {"sent": 4 + 4 * 6 + 4 * 6}  # cards, copies, replies' records
    assert facts["kinds"]["user message"]["updates"] == 24
    assert facts["kinds"]["team reply"]["updates"] == 24
    assert facts["kinds"]["user message"]["sql_max"] <= 3
    assert facts["kinds"]["team reply"]["sql_max"] <= 3
    assert facts["rate_limited"] >= 1
    assert facts["rate_limits_honoured"] == facts["rate_limited"]
