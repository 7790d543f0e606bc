"""From the phases' records to the numbers: one table with ratios and verdicts, a JSON file
and a small latency plot."""

import json
import math
import statistics
from pathlib import Path

from bench.driver import PhaseResult
from bench.report_kinds import by_kind, kind_rows
from bench.report_pictures import first_sends_summary, picture_rows
from bench.table import (
    TARGET_FIRST_UPDATE_S,
    TARGET_OWN_MS,
    TARGET_P99_MS,
    TARGET_QUERIES,
    TARGET_RSS_MB,
    TARGET_SIZE_RATIO,
    format_table,
    percentile,
    ratio,
    triple,
    verdict,
)


def _delta(phases: list[PhaseResult], name: str) -> float:
    return sum(getattr(phase.last, name) - getattr(phase.first, name) for phase in phases)


def others_core_share(phases: list[PhaseResult]) -> float:
    """Cores busy with other processes than the bot's, its database's and the driver's."""
    ours = sum(_delta(phases, name) for name in ("target_cpu_s", "own_cpu_s", "db_cpu_s"))
    return (_delta(phases, "machine_cpu_s") - ours) / (_delta(phases, "at") or math.nan)


def summarize(phases: list[PhaseResult]) -> dict:
    """One design under one load shape, all rounds together."""
    records = [record for phase in phases for record in phase.records]
    done = [r for r in records if r.status == 200 and not math.isnan(r.answer_s)]
    completed = sum(phase.completed for phase in phases) or math.nan
    wall = _delta(phases, "at") or math.nan
    inside = [r for r in done if not math.isnan(r.app_s)]
    own_cpu, standin_busy = _delta(phases, "own_cpu_s"), _delta(phases, "standin_busy_s")
    counted = [r for r in done if r.sql >= 0 and r.kind != "reason"]  # reasons: their own budget

    def ms(values, quantiles=(50, 95, 99)):
        return [round(percentile(values, q) * 1000, 2) for q in quantiles]

    def counts(values):
        if not values:
            return None
        return {
            "p50": statistics.median(values),
            "mean": statistics.fmean(values),
            "max": max(values),
        }

    return {
        "updates": len(records),
        "errors": len(records) - len(done),
        "updates_per_s": completed / wall,
        "post_ms": ms([r.post_s for r in done]),
        "answer_ms": ms([r.answer_s for r in done]),
        "done_ms": ms([r.done_s for r in done]),
        "own_ms_p50": ms([r.done_s - r.standin_s for r in done], [50])[0],
        "in_worker_ms_p50": {
            "app": ms([r.app_s for r in inside], [50])[0],
            "botapi": ms([r.botapi_s for r in inside], [50])[0],
            "db": ms([r.db_s for r in inside], [50])[0],
        },
        "standin_ms_per_update": statistics.fmean(r.standin_s for r in done) * 1000 if done else 0,
        "sql": counts([r.sql for r in counted]),
        "pg": counts([r.pg for r in counted]),
        "cpu_ms_per_update": _delta(phases, "target_cpu_s") * 1000 / completed,
        "db_cpu_ms_per_update": _delta(phases, "db_cpu_s") * 1000 / completed,
        "machine_cpu_ms_per_update": _delta(phases, "machine_cpu_s") * 1000 / completed,
        "others_core_share": others_core_share(phases),
        "loadgen_core_share": own_cpu / wall,
        "driver_cpu_us_per_update": (own_cpu - standin_busy) * 1e6 / completed,
        "standin_calls_per_s": _delta(phases, "standin_calls") / wall,
        "uploads": sum(record.uploads for record in records),
        "by_kind": by_kind(done),
        "rss_mb_max": max((max(p.last.rss_mb.values(), default=0) for p in phases), default=0),
        "processes": max((len(p.last.rss_mb) for p in phases), default=0),
        "done_ms_curve": [
            round(percentile([r.done_s for r in done], q) * 1000, 3) for q in range(1, 101)
        ],
    }


def _versus_baseline(title: str, s: dict, design: str) -> list[tuple]:
    """Throughput, latency and cost rows of one of our setups against the baseline."""
    ours, base = s[design, "saturated"], s["baseline", "saturated"]
    ours_p, base_p = s[design, "paced"], s["baseline", "paced"]
    ours_1, base_1 = s[design, "single"], s["baseline", "single"]
    rate = base_p["updates_per_s"]
    return [
        (title,),
        ("updates/s, 64 chats, no think time", f"{ours['updates_per_s']:.0f}",
         f"{base['updates_per_s']:.0f}", ratio(ours["updates_per_s"], base["updates_per_s"]),
         ">= 1.0x", verdict(ours["updates_per_s"] >= base["updates_per_s"])),
        ("POST ms p50/p95/p99, saturated", triple(ours["post_ms"]), triple(base["post_ms"]),
         ratio(ours["post_ms"][2], base["post_ms"][2]), "p99 <= 50",
         verdict(ours["post_ms"][2] <= TARGET_P99_MS)),
        ("answered ms p50/p95/p99, saturated", triple(ours["done_ms"]), triple(base["done_ms"]),
         ratio(ours["done_ms"][2], base["done_ms"][2]), "", ""),
        (f"POST ms p50/p95/p99, paced ~{rate:.0f}/s", triple(ours_p["post_ms"]),
         triple(base_p["post_ms"]), ratio(ours_p["post_ms"][2], base_p["post_ms"][2]),
         "p99 <= 50", verdict(ours_p["post_ms"][2] <= TARGET_P99_MS)),
        ("answered ms p50/p95/p99, paced", triple(ours_p["done_ms"]),
         triple(base_p["done_ms"]), ratio(ours_p["done_ms"][2], base_p["done_ms"][2]), "", ""),
        ("own ms/update p50 (answered - stand-in), paced", f"{ours_p['own_ms_p50']:.2f}",
         f"{base_p['own_ms_p50']:.2f}", ratio(ours_p["own_ms_p50"], base_p["own_ms_p50"]),
         "", ""),
        ("answered ms p50/p95/p99, one chat alone", triple(ours_1["done_ms"]),
         triple(base_1["done_ms"]), ratio(ours_1["done_ms"][2], base_1["done_ms"][2]), "", ""),
        ("own ms/update p50 (answered - stand-in), one chat", f"{ours_1['own_ms_p50']:.2f}",
         f"{base_1['own_ms_p50']:.2f}", ratio(ours_1["own_ms_p50"], base_1["own_ms_p50"]),
         "<= 2", verdict(ours_1["own_ms_p50"] <= TARGET_OWN_MS)),
        ("CPU ms/update in the bot's processes", f"{ours['cpu_ms_per_update']:.2f}",
         f"{base['cpu_ms_per_update']:.2f}",
         ratio(ours["cpu_ms_per_update"], base["cpu_ms_per_update"]), "", ""),
        ("RSS MB per process (processes)", f"{ours['rss_mb_max']:.0f} ({ours['processes']})",
         f"{base['rss_mb_max']:.0f} (1)", ratio(ours["rss_mb_max"], base["rss_mb_max"]),
         "<= 120", verdict(ours["rss_mb_max"] <= TARGET_RSS_MB)),
    ]  # fmt: skip


def _ours_only(facts: dict, s: dict) -> list[tuple]:
    """What only our design has: inside a worker, SQL, start-up, edits."""
    ours = s["ours", "saturated"]
    inner = s["ours", "single"]["in_worker_ms_p50"]
    sql, pg = ours["sql"] or {"max": -1, "p50": -1}, ours["pg"] or {"max": -1, "p50": -1}
    first = facts["first_update_s"]
    edits = facts["edit"]
    seen, workers = sum(e["workers_seen"] for e in edits), sum(e["workers"] for e in edits)
    edit_ok = seen == workers and not sum(e["stale_answers"] for e in edits)
    return [
        ("ours only",),
        ("in a worker ms p50, one chat: all (Bot API calls, DB)",
         f"{inner['app']:.2f} ({inner['botapi']:.2f}, {inner['db']:.2f})", "", "", "", ""),
        ("PostgreSQL server CPU ms/update, saturated", f"{ours['db_cpu_ms_per_update']:.2f}", "0",
         "-", "", ""),
        ("SQL queries/update seen by Django p50 (max), reasons apart",
         f"{sql['p50']:.0f} ({sql['max']})", "0", "-", "<= 2",
         verdict(sql["max"] <= TARGET_QUERIES)),
        ("PostgreSQL round trips/update p50 (max), reasons apart",
         f"{pg['p50']:.0f} ({pg['max']})", "0", "-", "<= 2", verdict(pg["p50"] <= TARGET_QUERIES)),
        ("process start -> first handled update, s (more workers)",
         " / ".join(f"{v:.2f}" for k, v in first.items() if k != "baseline"),
         f"{first['baseline']:.2f}", ratio(first["ours"], first["baseline"]), "<= 2",
         verdict(max(v for k, v in first.items() if k != "baseline") <= TARGET_FIRST_UPDATE_S)),
        ("publish shown at the next update, workers", f"{seen}/{workers}", "n/a", "-", "all",
         verdict(edit_ok)),
    ]  # fmt: skip


def _map_size(facts: dict, s: dict) -> list[tuple]:
    big, big_p = s["ours-10k", "saturated"], s["ours-10k", "paced"]
    ours, ours_p = s["ours", "saturated"], s["ours", "paced"]
    nodes, made = facts["nodes"], facts["generated_map"]
    return [
        (f"ours: {nodes['generated']}-node map vs sklearn map ({nodes['sklearn']} nodes)",),
        ("CPU ms/update in the workers", f"{big['cpu_ms_per_update']:.2f}",
         f"{ours['cpu_ms_per_update']:.2f}",
         ratio(big["cpu_ms_per_update"], ours["cpu_ms_per_update"]), "<= 1.1x",
         verdict(big["cpu_ms_per_update"] <= TARGET_SIZE_RATIO * ours["cpu_ms_per_update"])),
        ("in a worker ms p50, paced", f"{big_p['in_worker_ms_p50']['app']:.2f}",
         f"{ours_p['in_worker_ms_p50']['app']:.2f}",
         ratio(big_p["in_worker_ms_p50"]["app"], ours_p["in_worker_ms_p50"]["app"]), "", ""),
        ("updates/s, 64 chats, no think time", f"{big['updates_per_s']:.0f}",
         f"{ours['updates_per_s']:.0f}", ratio(big["updates_per_s"], ours["updates_per_s"]),
         "", ""),
        ("RSS MB per worker", f"{big['rss_mb_max']:.0f}", f"{ours['rss_mb_max']:.0f}",
         ratio(big["rss_mb_max"], ours["rss_mb_max"]), "<= 120",
         verdict(big["rss_mb_max"] <= TARGET_RSS_MB)),
        ("publish / restore the big map, s", f"{made['publish_s']:.2f} / {made['restore_s']:.2f}",
         "", "", "< 5", verdict(max(made["publish_s"], made["restore_s"]) < 5)),
        ("one stored version of the big map, MB", f"{made['version_bytes'] / 2**20:.2f}", "", "",
         "< 5", verdict(made["version_bytes"] < 5 * 2**20)),
    ]  # fmt: skip


def _the_load(facts: dict, s: dict) -> list[tuple]:
    ours, base = s["ours", "saturated"], s["baseline", "saturated"]
    ceiling = facts["ceiling_calls_per_s"]
    peak = max(summary["standin_calls_per_s"] for summary in s.values())
    return [
        (f"the load (A: on ours, B: on the baseline; machine {facts['machine']['busy_before']:.0%}"
         " busy before the run)",),
        ("stand-in ceiling / peak use, calls/s", f"{ceiling:.0f}", f"{peak:.0f}",
         ratio(peak, ceiling), "not the bottleneck", verdict(peak < 0.5 * ceiling)),
        ("driver + stand-in process: share of one core", f"{ours['loadgen_core_share']:.2f}",
         f"{base['loadgen_core_share']:.2f}", "-", "", ""),
        ("driver CPU us/update", f"{ours['driver_cpu_us_per_update']:.0f}",
         f"{base['driver_cpu_us_per_update']:.0f}", "-", "", ""),
        ("other processes on the machine, cores busy", f"{ours['others_core_share']:.2f}",
         f"{base['others_core_share']:.2f}", "-", "about 0", ""),
    ]  # fmt: skip


def table_rows(facts: dict, s: dict) -> list[tuple]:
    """(metric, A, B, A/B, target, verdict) rows; a section's row has only its title."""
    workers = facts["options"]["workers"]
    rows = _versus_baseline(
        f"A: ours (sklearn map, gunicorn, {workers} workers) / B: baseline (tutorial, run_webhook)",
        s,
        "ours",
    )
    if facts["options"]["more_workers"] != "0":
        more = facts["options"]["more_workers"]
        rows += _versus_baseline(f"A: ours with {more} workers / B: baseline", s, "ours-more")
    rows += _ours_only(facts, s) + kind_rows(s) + _map_size(facts, s) + picture_rows(facts, s)
    rows += _the_load(facts, s)
    if facts.get("profile"):
        rows.append(("where ours' worker CPU goes (py-spy, GIL samples, extra saturated phase)",))
        rows += [(layer, f"{share:.0%}", "", "", "", "") for layer, share in facts["profile"]]
    return rows


def plot(summaries: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot, ticker

    figure, axes = pyplot.subplots(1, 2, figsize=(8, 3), dpi=100, sharey=True)
    for axis, shape in zip(axes, ("saturated", "paced"), strict=False):
        for (design, phase_shape), summary in summaries.items():
            if phase_shape == shape:
                axis.plot(summary["done_ms_curve"], range(1, 101), label=design)
        axis.axvline(TARGET_P99_MS, color="grey", linestyle=":", linewidth=1)
        axis.set_xscale("log")
        axis.xaxis.set_major_locator(ticker.LogLocator(subs=(1, 2, 5)))
        axis.xaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
        axis.xaxis.set_minor_formatter(ticker.NullFormatter())
        axis.set_title(f"{shape}, 64 chats", fontsize=9)
        axis.set_xlabel("update answered after (ms)", fontsize=8)
        axis.grid(alpha=0.3)
    axes[0].set_ylabel("percentile", fontsize=8)
    axes[0].legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)


def write(facts: dict, out: Path) -> str:
    """Summaries, the table, the JSON file and the plot; returns the table."""
    grouped: dict[tuple, list] = {}
    for phase in facts.pop("phases"):
        grouped.setdefault((phase["design"], phase["shape"]), []).append(phase["result"])
    summaries = {
        (design, shape): summarize(grouped.get((design, shape), []))
        for design in ("ours", "baseline", "ours-10k", "ours-more")
        for shape in ("saturated", "paced", "single")
    }
    summaries["ours-pictures", "saturated"] = summarize(
        grouped.get(("ours-pictures", "saturated"), [])
    )
    facts["first_sends"] = first_sends_summary(facts["first_sends"])
    table = format_table(table_rows(facts, summaries))
    facts["table"] = table.splitlines()
    facts["results"] = {f"{design} {shape}": value for (design, shape), value in summaries.items()}
    (out / "results.json").write_text(json.dumps(facts, indent=1, default=str))
    plot(summaries, out / "latency.png")
    return table
