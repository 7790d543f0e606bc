"""``python -m bench.analytics``: the analytics of a popular bot, at 1, 3 and 10 million
handled updates.

Creates its own PostgreSQL database, and for each size fills it with handled updates shaped
like real walks of the scikit-learn map over the last 60 days (COPY in bulk; with votes under
recommendations, changes of vote, arrivals by shared links and the reasons users gave after
"👎 No": bench.analytics_walks), then measures,
each in a fresh process (bench.analytics_work): the admin's list of handled updates with every
raw row there (its count and date drill-down; and drilled down to last month); the roll-up of
the pending days into their figures (what the daily ``purgeanalytics`` job does before it
prunes; the figures are emptied first, so each size is rolled up in full); the analytics page
for the last 7 days, 30 days and all time; bytes per raw row and per rolled-up day. On the
largest database it then runs the real daily job, counts the raw rows kept and measures the
all-time page again, twice (the first read after a prune walks the deleted rows). Prints a
table, the slowest queries, and the one-year projection at 100 000 updates a day; the
database is dropped at the end (docs/performance.md).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta

from bench.database import ROOT, BenchDatabase

UPDATES_PER_DAY = 100_000
RETENTION_DAYS = 30
TARGET_BYTES = 2**30
PAGE = "/admin/botapp/handledupdate/analytics/{sklearn}/"
ADMIN_LIST = "/admin/botapp/handledupdate/"
RANGES = (("7 days", "7"), ("30 days", "30"), ("all time", "all"))
ROLLUP_TABLES = ("botapp_dayfigures", "botapp_stepfigures", "botapp_rolledupday")
#: What the generated walks hold besides the updates (bench.analytics_walks.Counts).
FEEDBACK = ("shared", "votes", "changed", "reasons")


def django_env(database: BenchDatabase) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database.url,
        "DJANGO_SECRET_KEY": "bench-analytics",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def child(env: dict, *argv: str) -> dict:
    """Run a command (``bench.analytics_work`` unless it starts with manage.py) in a fresh
    process; its last line, as JSON (``{"output": ...}`` for manage.py), and its seconds."""
    command = [sys.executable, *argv] if argv[0] == "manage.py" else [sys.executable, "-m", *argv]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
    if argv[0] == "manage.py":
        return {"output": done.stdout.strip(), "wall_seconds": seconds}
    return {**json.loads(done.stdout.splitlines()[-1]), "wall_seconds": seconds}


def work(env: dict, *args: str) -> dict:
    return child(env, "bench.analytics_work", *args)


def last_month() -> str:
    """The admin list's query for the last whole month (inside the 60 days of updates)."""
    month = date.today().replace(day=1) - timedelta(days=1)
    return f"?handled_at__year={month.year}&handled_at__month={month.month}"


def mb(size: float) -> str:
    return f"{size / 2**30:.2f} GB" if size >= 2**30 else f"{size / 2**20:.1f} MB"


class Table:
    """The printed table: one line per measurement, and the slowest queries kept for after."""

    def __init__(self):
        self.slowest: list[tuple[str, dict]] = []
        print(f"{'updates':>11}  {'measured':<22} {'seconds':>8} {'peak MB':>8}  notes")

    def line(self, updates: int, what: str, seconds: float | None, peak: float | None, note=""):
        shown = f"{seconds:>8.2f}" if seconds is not None else f"{'':>8}"
        shown += f" {peak:>8.0f}" if peak is not None else f" {'':>8}"
        print(f"{updates:>11,}  {what:<22} {shown}  {note}".rstrip(), flush=True)

    def page(self, updates: int, what: str, result: dict) -> None:
        note = (
            f"{result['queries']} queries {result['query_seconds']:.2f} s, "
            f"slowest {result['slowest_seconds']:.2f} s"
        )
        if "chats" in result:
            note = f"{'~' if result['approximate'] else ''}{result['chats']:,} chats; {note}"
        self.line(updates, what, result["seconds"], result["peak_mb"], note)
        self.slowest.append((f"{updates:,} {what}", result))

    def print_slowest(self) -> None:
        print("\nslowest query of each page at the largest size:")
        largest = self.slowest[-1][0].split()[0]
        for label, result in self.slowest:
            if label.split()[0] == largest:
                print(f"  {label}: {result['slowest_seconds']:.2f} s  {result['slowest']}")


def relation_bytes(database: BenchDatabase, *tables: str) -> int:
    sizes = " + ".join(f"pg_total_relation_size('{table}')" for table in tables)
    return database.execute(f"SELECT {sizes}")[0][0]


def measure_size(database, env, table: Table, written: int) -> tuple[float, float]:
    """Admin list, roll-up, pages and storage of the database as it is; the bytes per raw
    row and per rolled-up day."""
    table.page(written, "admin list", work(env, "get", ADMIN_LIST))
    table.page(written, "admin list, a month", work(env, "get", ADMIN_LIST + last_month()))
    database.execute(f"TRUNCATE {', '.join(ROLLUP_TABLES)}")
    rolled = work(env, "rollup")
    note = (
        f"{rolled['days']} days, {rolled['seconds'] / max(rolled['days'], 1):.2f} s/day "
        f"(slowest {rolled['slowest_day']:.2f} s, finding them {rolled['pending_seconds']:.2f} s)"
    )
    table.line(written, "roll-up", rolled["seconds"], rolled["peak_mb"], note)
    database.execute(f"ANALYZE {', '.join(ROLLUP_TABLES)}")
    for label, days in RANGES:
        table.page(written, f"page {label}", work(env, "get", f"{PAGE}?days={days}"))
    per_row = relation_bytes(database, "botapp_handledupdate") / written
    figured = database.execute("SELECT count(DISTINCT day) FROM botapp_dayfigures")[0][0]
    per_day = relation_bytes(database, *ROLLUP_TABLES) / max(figured, 1)
    note = f"{per_row:.0f} bytes/raw row, {per_day / 1024:.0f} KB/rolled-up day ({figured} days)"
    table.line(written, "storage", None, None, note)
    return per_row, per_day


def prune(database, env, table: Table, written: int) -> None:
    """The real daily job on the largest database, and the all-time page after it."""
    purged = child(env, "manage.py", "purgeanalytics")
    kept = database.execute("SELECT count(*) FROM botapp_handledupdate")[0][0]
    note = f"{kept:,} raw rows kept; " + " ".join(purged["output"].split())
    table.line(written, "purgeanalytics", purged["wall_seconds"], None, note)
    database.execute("ANALYZE botapp_handledupdate")
    table.page(written, "page all, pruned", work(env, "get", f"{PAGE}?days=all"))
    table.page(written, "page all, pruned again", work(env, "get", f"{PAGE}?days=all"))
    dead = database.execute(
        "SELECT n_dead_tup, last_autovacuum IS NOT NULL FROM pg_stat_user_tables "
        "WHERE relname = 'botapp_handledupdate'"
    )[0]
    note = f"{dead[0]:,} dead raw rows left by the prune, autovacuumed since: {dead[1]}"
    table.line(written, "after pruning", None, None, note)


def projection(per_row: float, per_day: float, bench_per_day: float) -> None:
    raw = RETENTION_DAYS * UPDATES_PER_DAY * per_row
    rolled = 365 * per_day
    total = raw + rolled
    verdict = "within" if total <= TARGET_BYTES else "over"
    print(
        f"\none year at {UPDATES_PER_DAY:,} updates a day: raw rows kept {RETENTION_DAYS} days "
        f"{mb(raw)} + 365 rolled-up days {mb(rolled)} = {mb(total)}, "
        f"{verdict} the 1 GB target ({total / TARGET_BYTES:.0%} of it)"
    )
    print(
        f"  (the bench's days have about {bench_per_day:,.0f} updates, so its rolled-up day "
        f"is if anything larger than a {UPDATES_PER_DAY:,}-update day's)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.analytics", description=__doc__)
    parser.add_argument(
        "--updates", type=int, nargs="+", default=[1_000_000, 3_000_000, 10_000_000]
    )
    parser.add_argument("--days", type=int, default=60, help="days the updates spread over")
    parser.add_argument("--database", default="advisor_bench_analytics")
    args = parser.parse_args()
    database = BenchDatabase(args.database)
    database.create()
    env = django_env(database)
    started = time.perf_counter()
    try:
        with open(os.devnull, "w") as log:
            database.migrate(env, log)
        table = Table()
        written, chat, made = 0, 1, dict.fromkeys(FEEDBACK, 0)
        for target in sorted(args.updates):
            more = work(env, "generate", str(target - written), str(chat), str(args.days))
            written, chat = written + more["written"], more["next_chat"]
            made = {name: made[name] + more[name] for name in FEEDBACK}
            database.execute("ANALYZE botapp_handledupdate, botapp_reason")
            note = (
                f"{chat - 1:,} chats ({made['shared']:,} by a shared link), {made['votes']:,} "
                f"votes ({made['changed']:,} changed), {made['reasons']:,} reasons; COPY then "
                f"ANALYZE ({more['wall_seconds']:.0f} s)"
            )
            table.line(written, "generated", None, None, note)
            per_row, per_day = measure_size(database, env, table, written)
        prune(database, env, table, written)
        table.print_slowest()
        projection(per_row, per_day, written / args.days)
        print(f"\nbench wall time {(time.perf_counter() - started) / 60:.1f} min")
    finally:
        database.drop()


if __name__ == "__main__":
    main()
