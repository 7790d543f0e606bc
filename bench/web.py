"""``python -m bench.web``: the web chat under load, beside the webhook on the same machine
(docs/performance.md).

Ours runs as deployed: migrated by the Procfile's ``release:`` line (which loads the shipped
scikit-learn map, published), its static files collected as Heroku's build does, served by
the Procfile's ``web:`` line (gunicorn, workers from WEB_CONCURRENCY) with the bench's
counting hooks. ``--visitors`` visitors walk /chat/sklearn/ through its links to a
recommendation and Start over, again and again (bench/web_visitors.py): requests/s, latency
and statements per answer. Then, on the same server, ``--chats`` Telegram chats press buttons
through the webhook (bench/driver.py, as ``python -m bench`` drives it): updates/s. Last, the
bytes a browser is sent for a recommendation's page with its CSS and JS, and for the embed
loader /embed.js.
"""

import argparse
import asyncio
import math
import os
import secrets
import subprocess
import sys
import time

from bench.database import ROOT, SKLEARN_SLUG, BenchDatabase
from bench.driver import PhaseResult, Snapshot, run_phase, take_snapshots
from bench.outputs import add_output_options, run_folder, save_and_print
from bench.report import others_core_share, summarize
from bench.run import bench_env
from bench.servers import BotServer, deployed_workers, first_update_seconds
from bench.standin import BotApiStandIn
from bench.table import TARGET_QUERIES, verdict
from bench.web_visitors import LOADER, rate_and_latency, transferred_sizes, walk

CHAT = f"/chat/{SKLEARN_SLUG}/"


def collect_static(env: dict, log) -> None:
    """``collectstatic`` as Heroku's build runs it (whitenoise's compressed, hashed files)."""
    argv = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(argv, env=env, cwd=ROOT, check=True, stdout=log, stderr=log, timeout=120)


def webhook_figures(result: PhaseResult) -> dict:
    """The webhook phase's figures (bench.report's for ``python -m bench``'s table)."""
    summary = summarize([result])
    keep = ("updates_per_s", "errors", "sql", "cpu_ms_per_update", "others_core_share")
    return {**{name: summary[name] for name in keep}, "done_ms": summary["done_ms"]}


def web_figures(walked: dict, first: Snapshot, last: Snapshot, measure_s: float) -> dict:
    """The visitors' figures, with the workers' CPU per page and the other processes' cores."""
    records = walked.pop("records")
    figures = {**rate_and_latency(records, measure_s), **walked}
    answered = figures["requests"] - figures["errors"]
    window = PhaseResult([], answered, figures["errors"], first, last)
    figures["cpu_ms_per_request"] = (
        (last.target_cpu_s - first.target_cpu_s) * 1000 / answered if answered else math.nan
    )
    figures["others_core_share"] = others_core_share([window])
    return figures


async def run(options: argparse.Namespace) -> dict:
    log_dir = options.out / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    database = BenchDatabase(options.database)
    standin = BotApiStandIn()
    await standin.start()
    secret = secrets.token_urlsafe(24)
    env = bench_env(database.url, standin.base_url, secret)
    facts = {"workers": options.workers, "cpus": os.cpu_count(), "load_before": os.getloadavg()}
    started = time.perf_counter()
    database.create()
    server = None
    try:
        print(f"database {options.database}: create, migrate; collectstatic")
        with open(log_dir / "setup.log", "a") as log:
            database.migrate(env, log)
            collect_static(env, log)
        facts["steps"] = database.node_count(SKLEARN_SLUG)
        server = BotServer.ours("ours", env, options.workers, log_dir)
        server.start()
        await first_update_seconds(server, standin, 900_000)
        facts["sizes"] = await transferred_sizes(server.port, CHAT)
        print(f"web: {options.visitors} visitors walking {CHAT} for {options.seconds:g} s")
        target = server.target(secret, database.backend_pids)
        begin = time.perf_counter()
        window = (begin + options.warmup, begin + options.warmup + options.seconds)
        snapshots, walked = await asyncio.gather(
            take_snapshots(target, standin, window),
            walk(server.port, CHAT, options.visitors, options.warmup, options.seconds),
        )
        facts["web"] = web_figures(walked, *snapshots, options.seconds)
        print(f"webhook: {options.chats} chats for {options.webhook_seconds:g} s")
        phase = await run_phase(
            target,
            standin,
            chats=options.chats,
            warmup_s=options.webhook_warmup,
            measure_s=options.webhook_seconds,
            think_s=0.0,
            first_chat_id=1_000_000,
            seed=1,
        )
        facts["webhook"] = webhook_figures(phase)
    finally:
        if server is not None:
            server.stop()
        await standin.stop()
        database.drop()
    facts["load_after"] = os.getloadavg()
    facts["total_s"] = time.perf_counter() - started
    return facts


def kilobytes(size: int) -> str:
    return f"{size / 1000:6.1f} KB"


def report(facts: dict, options: argparse.Namespace) -> str:
    web, hook, sizes = facts["web"], facts["webhook"], facts["sizes"]
    done, sql = hook["done_ms"], hook["sql"] or {"p50": math.nan, "max": math.nan}
    met = verdict(web["sql_max"] <= TARGET_QUERIES)
    lines = [
        f"the shipped map ({SKLEARN_SLUG}, {facts['steps']} steps), gunicorn "
        f"{facts['workers']} workers (the Procfile's web line), {facts['cpus']} cores; load "
        f"average before {facts['load_before'][0]:.2f}, after {facts['load_after'][0]:.2f}",
        "",
        f"web chat, {options.visitors} visitors walking {CHAT} (a page per answer, no think "
        f"time), {options.seconds:g} s measured:",
        f"  requests/s                            {web['requests_per_s']:8.0f}",
        f"  latency ms p50 / p95                  {web['p50_ms']:8.1f} / {web['p95_ms']:.1f}",
        f"  errors (answers other than 200)       {web['errors']:8d}   of {web['requests']}",
        f"  SQL statements per answer p50 (max)   {web['sql_p50']:8} ({web['sql_max']})"
        f"   target <= {TARGET_QUERIES} {met}",
        f"  PostgreSQL round trips p50 (max)      {web['pg_p50']:8} ({web['pg_max']})",
        f"  recommendations reached               {web['reached']:8d}"
        f"   ({web['different']} different)",
        f"  CPU ms per page in the workers        {web['cpu_ms_per_request']:8.2f}",
        f"  other processes' CPU meanwhile, cores {web['others_core_share']:8.2f}",
        f"webhook, {options.chats} chats pressing buttons (no think time), "
        f"{options.webhook_seconds:g} s measured, the same server:",
        f"  updates/s                             {hook['updates_per_s']:8.0f}",
        f"  answered ms p50 / p95                 {done[0]:8.1f} / {done[1]:.1f}",
        f"  errors                                {hook['errors']:8d}",
        f"  SQL statements per update p50 (max)   {sql['p50']:8g} ({sql['max']})",
        f"  CPU ms per update in the workers      {hook['cpu_ms_per_update']:8.2f}",
        f"  other processes' CPU meanwhile, cores {hook['others_core_share']:8.2f}",
        "",
        "transferred, asked with Accept-Encoding: gzip as a browser does:",
        f"  a recommendation's page (as sent)     {kilobytes(sizes['page'])}",
    ]
    for name, (size, encoding) in sizes["assets"].items():
        lines.append(f"  {name:37} {kilobytes(size)}   {encoding}")
    lines.append(f"  the page with its assets              {kilobytes(sizes['total'])}")
    loader = sizes["loader"]
    shown = "not served yet" if loader is None else f"{kilobytes(loader[0])}   {loader[1]}"
    lines.append(f"  the loader {LOADER:26} {shown}")
    return "\n".join(lines)


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__)
    parser.add_argument("--visitors", type=int, default=50, help="web visitors at once")
    parser.add_argument("--seconds", type=float, default=30.0, help="web: measured s")
    parser.add_argument("--warmup", type=float, default=3.0, help="web: unmeasured s first")
    parser.add_argument("--chats", type=int, default=64, help="webhook chats (as python -m bench)")
    parser.add_argument("--webhook-seconds", type=float, default=10.0, help="webhook: measured s")
    parser.add_argument("--webhook-warmup", type=float, default=1.5, help="webhook: unmeasured s")
    parser.add_argument(
        "--workers",
        type=int,
        default=deployed_workers(),
        help="gunicorn workers (default: $WEB_CONCURRENCY, else app.json's, as python -m bench)",
    )
    add_output_options(parser, "advisor_bench_visitors")
    options = parser.parse_args()
    if (
        min(options.visitors, options.chats, options.workers) < 1
        or min(options.seconds, options.webhook_seconds) <= 0
    ):
        parser.error("--visitors, --chats, --workers >= 1; measured seconds > 0")
    options.out = run_folder(options.out, "web")
    return options


def main() -> None:
    options = parse_options()
    facts = asyncio.run(run(options))
    save_and_print(options.out, facts, "\n" + report(facts, options))
    print(f"(total {facts['total_s']:.0f} s)")
    sys.exit(1 if facts["web"]["errors"] or not facts["web"]["requests"] else 0)


if __name__ == "__main__":
    main()
