"""``--profile``: where our workers' CPU goes, from py-spy's samples of the threads holding
the GIL during one measured phase, grouped by the library or layer that was running."""

import asyncio
import shutil
import sys
from collections import Counter
from pathlib import Path

#: (layer, path fragments); a sample counts for the first layer found walking from the
#: innermost frame outwards.
LAYERS = (
    ("database: Django ORM, psycopg2", ("django/db/", "psycopg2", "gunicorn_hooks.py")),
    ("Bot API client: httpx, httpcore, anyio, h11", ("httpx/", "httpcore/", "anyio/", "h11/")),
    ("Bot API client: PTB request", ("telegram/request/",)),
    ("PTB objects: de_json, to_dict, keyboards", ("telegram/_",)),
    ("PTB dispatch: Application, handlers", ("telegram/ext/",)),
    (
        "ours: handlers, engine, map cache",
        ("advisor/", "botapp/chat/handlers", "botapp/chat/updates"),
    ),
    (
        "ours: runtime hand-offs between threads",
        ("botapp/chat/runtime", "concurrent/futures", "queue"),
    ),
    ("asyncio loop and sockets", ("asyncio/", "selectors.py")),
    ("Django request, middleware, urls", ("django/", "whitenoise/", "botapp/chat/views")),
    ("gunicorn: accept, parse, access log", ("gunicorn/",)),
)


def executable() -> str | None:
    """py-spy beside this Python (the venv's), else on PATH."""
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


async def record(pids: list[int], seconds: float, out: Path) -> list[Path]:
    """Sample each process for ``seconds`` (GIL holders only); the raw output files."""
    paths = [out / f"profile-{pid}.txt" for pid in pids]
    command = [executable(), "record", "--gil", "--nonblocking", "--rate", "200"]
    command += ["--format", "raw", "--duration", str(max(1, round(seconds)))]
    quiet = {"stdout": asyncio.subprocess.DEVNULL, "stderr": asyncio.subprocess.DEVNULL}
    processes = [
        await asyncio.create_subprocess_exec(
            *command, "--pid", str(pid), "--output", str(path), **quiet
        )
        for pid, path in zip(pids, paths, strict=True)
    ]
    for process in processes:
        await asyncio.wait_for(process.wait(), seconds + 30)
    return [path for path in paths if path.exists()]


def layer_shares(paths: list[Path]) -> list[tuple[str, float]]:
    """Each layer's share of the samples, largest first."""
    samples: Counter = Counter()
    for path in paths:
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            frames = reversed(stack.split(";"))
            layer = next(
                (
                    name
                    for frame in frames
                    for name, parts in LAYERS
                    if any(p in frame for p in parts)
                ),
                "other",
            )
            samples[layer] += int(count)
    total = sum(samples.values()) or 1
    return [(layer, count / total) for layer, count in samples.most_common()]
