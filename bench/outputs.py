"""Where a bench row keeps its run (``bench-results/<time>-<row>/``: results.json and the
servers' logs), the options naming it, and how a run ends: its facts saved, its report
printed (``python -m bench.web``, ``python -m bench.conversations``)."""

import argparse
import json
import time
from pathlib import Path

from bench.database import ROOT


def add_output_options(parser: argparse.ArgumentParser, database: str) -> None:
    parser.add_argument("--database", default=database, help="created, dropped")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")


def run_folder(out: Path, row: str) -> Path:
    """This run's own folder under ``out``, named by its start and its row."""
    return out / f"{time.strftime('%Y%m%d-%H%M%S')}-{row}"


def save_and_print(out: Path, facts: dict, report: str) -> None:
    (out / "results.json").write_text(json.dumps(facts, indent=1))
    print(report)
    print(f"\nresults: {out}/results.json   logs: {out}/logs/")
