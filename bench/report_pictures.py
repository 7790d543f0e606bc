"""The picture map's rows: measured with every file_id known, and the first sends apart."""

import math

from bench.table import TARGET_QUERIES, percentile, ratio, triple, verdict


def first_sends_summary(first: dict) -> dict:
    """The walk that uploaded the pictures, its records split: updates with an upload, and
    the others (sent by file_id, or with no picture)."""
    records = first.pop("records")
    done = [r for r in records if r.status == 200 and not math.isnan(r.answer_s)]

    def part(chosen: list) -> dict:
        return {
            "updates": len(chosen),
            "answered_ms": [round(percentile([r.done_s for r in chosen], q) * 1000, 2)
                            for q in (50, 100)],
            "botapi_ms": [round(percentile([r.botapi_s for r in chosen], q) * 1000, 2)
                          for q in (50, 100)],
            "standin_ms": [round(percentile([r.standin_s for r in chosen], q) * 1000, 2)
                           for q in (50, 100)],
            "sql": [percentile([r.sql for r in chosen], q) for q in (50, 100)],
        }  # fmt: skip

    return {
        **first,
        "errors": len(records) - len(done),
        "with_upload": part([r for r in done if r.uploads]),
        "others": part([r for r in done if not r.uploads]),
    }


def picture_rows(facts: dict, s: dict) -> list[tuple]:
    """The picture map, measured with every file_id known, and the first sends apart."""
    pics, ours = s["ours-pictures", "saturated"], s["ours", "saturated"]
    sql, base_sql = pics["sql"] or {"max": -1, "p50": -1}, ours["sql"] or {"max": -1, "p50": -1}
    pg, base_pg = pics["pg"] or {"max": -1, "p50": -1}, ours["pg"] or {"max": -1, "p50": -1}
    first = facts["first_sends"]
    up, rest = first["with_upload"], first["others"]

    def p50_max(pair: list, digits: int = 1) -> str:
        return f"{pair[0]:.{digits}f} ({pair[1]:.{digits}f})"

    return [
        (f"A: ours, a picture on each of the {facts['nodes']['pictures']} steps of a generated "
         "map, file_ids known / B: sklearn map (no pictures)",),
        ("updates/s, 64 chats, no think time", f"{pics['updates_per_s']:.0f}",
         f"{ours['updates_per_s']:.0f}", ratio(pics["updates_per_s"], ours["updates_per_s"]),
         "", ""),
        ("SQL queries/update seen by Django p50 (max), reasons apart",
         f"{sql['p50']:.0f} ({sql['max']})", f"{base_sql['p50']:.0f} ({base_sql['max']})", "-",
         "<= 2", verdict(0 <= sql["max"] <= TARGET_QUERIES)),
        ("PostgreSQL round trips/update p50 (max), reasons apart",
         f"{pg['p50']:.0f} ({pg['max']})", f"{base_pg['p50']:.0f} ({base_pg['max']})", "-",
         "<= 2", verdict(0 <= pg["p50"] <= TARGET_QUERIES)),
        ("CPU ms/update in the workers", f"{pics['cpu_ms_per_update']:.2f}",
         f"{ours['cpu_ms_per_update']:.2f}",
         ratio(pics["cpu_ms_per_update"], ours["cpu_ms_per_update"]), "", ""),
        ("answered ms p50/p95/p99, saturated", triple(pics["done_ms"]),
         triple(ours["done_ms"]), ratio(pics["done_ms"][2], ours["done_ms"][2]), "", ""),
        ("photos uploaded in these phases", f"{pics['uploads']}", "", "", "0",
         verdict(pics["uploads"] == 0)),
        ("first sends, before those phases: one chat, then one per worker, tours every step "
         "(A: updates with an upload / B: the others)",),
        (f"updates, {first['tours']} tours in {first['seconds']:.1f} s (errors: "
         f"{first['errors']})", f"{up['updates']}", f"{rest['updates']}", "", "", ""),
        ("photos uploaded (pictures uploaded / pictures)",
         f"{first['uploads']} ({first['pictures_uploaded']}/{first['pictures']})", "", "",
         "all", verdict(first["pictures_uploaded"] == first["pictures"])),
        ("every worker then showed every picture", "yes" if first["every_worker_warm"] else "no",
         "", "", "yes", verdict(first["every_worker_warm"])),
        ("answered ms p50 (max)", p50_max(up["answered_ms"]), p50_max(rest["answered_ms"]),
         ratio(up["answered_ms"][0], rest["answered_ms"][0]), "", ""),
        ("in a worker: Bot API calls ms p50 (max)", p50_max(up["botapi_ms"]),
         p50_max(rest["botapi_ms"]), "", "", ""),
        ("the stand-in's own time ms p50 (max)", p50_max(up["standin_ms"]),
         p50_max(rest["standin_ms"]), "", "", ""),
        ("SQL queries/update seen by Django p50 (max)", p50_max(up["sql"], 0),
         p50_max(rest["sql"], 0), "", "", ""),
    ]  # fmt: skip
