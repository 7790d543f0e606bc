"""Ours' cost per kind of update the driver sends: votes and reasons apart from the rest."""

import math
import statistics

from bench.table import TARGET_QUERIES, TARGET_REASON_QUERIES, percentile, verdict

#: The driver's kinds of update (bench.driver.UserChat.next_update), as the table names them.
KINDS = {
    "start": "/start",
    "press": "press: an answer, Back, Start over, Done",
    "vote": "press: a vote, Yes or No",
    "reason": "reason: a reply after No",
    "text": "free text (the hint)",
}


def by_kind(done: list) -> dict:
    """Per kind of the answered updates: how many, statements and round trips p50 (max),
    and the time in a worker p50 (ms)."""

    def counts(values: list[int]) -> dict | None:
        values = [value for value in values if value >= 0]
        return {"p50": statistics.median(values), "max": max(values)} if values else None

    summaries = {}
    for kind in KINDS:
        chosen = [record for record in done if record.kind == kind]
        if chosen:
            inside = [record.app_s for record in chosen if not math.isnan(record.app_s)]
            summaries[kind] = {
                "updates": len(chosen),
                "sql": counts([record.sql for record in chosen]),
                "pg": counts([record.pg for record in chosen]),
                "in_worker_ms_p50": percentile(inside, 50) * 1000,
            }
    return summaries


def kind_rows(s: dict) -> list[tuple]:
    """Ours' rows per kind of update, saturated, each against its statement budget."""
    ours = s["ours", "saturated"]["by_kind"]
    total = sum(kind["updates"] for kind in ours.values()) or 1
    rows = [("ours by kind of update, saturated (A: SQL queries p50 (max) / B: PostgreSQL round "
             "trips p50 (max) / in a worker ms p50)",)]  # fmt: skip
    unknown = {"max": -1, "p50": -1}
    for kind, label in KINDS.items():
        if kind not in ours:
            continue
        measured = ours[kind]
        sql, pg = measured["sql"] or unknown, measured["pg"] or unknown
        most = TARGET_REASON_QUERIES if kind == "reason" else TARGET_QUERIES
        rows.append((
            f"{label}: {measured['updates']} updates ({measured['updates'] / total:.1%})",
            f"{sql['p50']:.0f} ({sql['max']})", f"{pg['p50']:.0f} ({pg['max']})",
            f"{measured['in_worker_ms_p50']:.2f}", f"<= {most}",
            verdict(0 <= sql["max"] <= most and 0 <= pg["max"] <= most),
        ))  # fmt: skip
    return rows
