"""``python -m bench``: the webhook benchmark (docs/performance.md)."""

import argparse
import asyncio
import os
import time
from pathlib import Path

from bench import profile, report
from bench.database import ROOT
from bench.run import Options, run
from bench.servers import deployed_workers


def parse_options() -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        epilog="The other rows: python -m bench.outline (the map's page of big maps), "
        "python -m bench.analytics (the analytics page at 10 million updates), "
        "python -m bench.conversations (users in conversations with the team, under the "
        "group's limit), python -m bench.web (the web chat's visitors beside the webhook).",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=deployed_workers(),
        help="gunicorn workers, passed as WEB_CONCURRENCY (default: $WEB_CONCURRENCY, else "
        "app.json's value)",
    )
    parser.add_argument(
        "--more-workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="also run ours with this many workers (default gunicorn's advice, 2 x cores + 1; "
        "0 to skip)",
    )
    parser.add_argument("--chats", type=int, default=64, help="concurrent chats (default 64)")
    parser.add_argument("--rounds", type=int, default=2, help="A/B rounds (default 2)")
    parser.add_argument("--seconds", type=float, default=5.0, help="measured s per phase")
    parser.add_argument("--warmup", type=float, default=1.5, help="unmeasured s per phase")
    parser.add_argument(
        "--paced-load",
        type=float,
        default=0.5,
        help="paced phases offer this share of the slower design's saturated updates/s",
    )
    parser.add_argument("--nodes", type=int, default=10_000, help="generated map size")
    parser.add_argument("--budget", type=float, default=300.0, help="stop new phases after s")
    parser.add_argument("--database", default="advisor_bench", help="created and dropped")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also sample ours with py-spy during one extra phase (pip install py-spy)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    args = parser.parse_args()
    if (
        not 0 < args.paced_load < 1
        or min(args.chats, args.rounds, args.workers) < 1
        or args.more_workers < 0
    ):
        parser.error("--paced-load is a share in (0, 1); --chats, --rounds, --workers >= 1")
    if args.profile and not profile.executable():
        parser.error("--profile needs py-spy: .venv/bin/pip install py-spy")
    return Options(
        workers=args.workers,
        more_workers=0 if args.more_workers == args.workers else args.more_workers,
        chats=args.chats,
        rounds=args.rounds,
        warmup_s=args.warmup,
        measure_s=args.seconds,
        paced_load=args.paced_load,
        nodes=args.nodes,
        ceiling_s=2.0,
        budget_s=args.budget,
        database=args.database,
        out=args.out / time.strftime("%Y%m%d-%H%M%S"),
        profile=args.profile,
    )


def main() -> None:
    options = parse_options()
    facts = asyncio.run(run(options))
    table = report.write(facts, options.out)
    print()
    print(table)
    print(f"\nresults: {options.out}/results.json, {options.out}/latency.png")
    print(f"logs: {options.out}/logs/   (total {facts['total_s']:.0f} s)")


if __name__ == "__main__":
    main()
