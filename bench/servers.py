"""The two bots under test, as processes on 127.0.0.1: ours exactly as the Procfile's
``web:`` line starts it (gunicorn, workers from WEB_CONCURRENCY), and the baseline."""

import asyncio
import json
import math
import os
import random
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.database import ROOT, procfile_command
from bench.driver import Target, UserChat, send_update
from bench.http import HttpConnection
from bench.procs import children
from bench.standin import BotApiStandIn

HOOKS = Path(__file__).with_name("gunicorn_hooks.py")
#: Longest wait for a bot to handle its first update after its process started (seconds).
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def web_command(port: int) -> list[str]:
    """The Procfile's web: command for this port, bound to 127.0.0.1 instead of 0.0.0.0."""
    command = procfile_command("web")
    if "$PORT" not in command or not command.startswith("gunicorn "):
        raise ValueError(f"the Procfile's web: line changed, the benchmark needs a look: {command}")
    argv = shlex.split(command.replace("$PORT", str(port)).replace("0.0.0.0", "127.0.0.1"))
    binds = [argv[i + 1] for i, part in enumerate(argv) if part in ("--bind", "-b")]
    if not binds or any(not bind.startswith("127.0.0.1:") for bind in binds):
        raise ValueError(f"the benchmark serves on 127.0.0.1 only, not on {binds}")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    argv[0] = str(gunicorn) if gunicorn.exists() else "gunicorn"
    return argv


def deployed_workers() -> int:
    """WEB_CONCURRENCY as deployed: the environment's, else app.json's, else gunicorn's 1."""
    if os.environ.get("WEB_CONCURRENCY"):
        return int(os.environ["WEB_CONCURRENCY"])
    try:
        return int(json.loads((ROOT / "app.json").read_text())["env"]["WEB_CONCURRENCY"]["value"])
    except (OSError, KeyError, TypeError, ValueError):
        return 1


class BotServer:
    """One bot's process (its own session, so that stopping it stops its workers too)."""

    def __init__(self, name: str, argv: list[str], env: dict, port: int, log_path: Path):
        self.name, self.argv, self.env, self.port, self.log_path = name, argv, env, port, log_path
        self.is_gunicorn = "gunicorn" in Path(argv[0]).name
        self.process: subprocess.Popen | None = None
        self.spawned = 0.0

    @classmethod
    def ours(cls, name: str, env: dict, workers: int, log_dir: Path) -> "BotServer":
        port = free_port()
        env = {
            **env,
            "PORT": str(port),
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_CMD_ARGS": f"--config {HOOKS}",
        }
        return cls(name, web_command(port), env, port, log_dir / f"{name}.log")

    @classmethod
    def baseline(cls, env: dict, log_dir: Path) -> "BotServer":
        port = free_port()
        argv = [sys.executable, "-m", "bench.baseline"]
        return cls("baseline", argv, {**env, "PORT": str(port)}, port, log_dir / "baseline.log")

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.spawned = time.perf_counter()
            self.process = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def pids(self) -> list[int]:
        """The processes that handle updates: gunicorn's workers, or the baseline itself."""
        if self.process is None or self.process.poll() is not None:
            return []
        return children(self.process.pid) if self.is_gunicorn else [self.process.pid]

    def target(self, secret: str, db_pids=list) -> Target:
        return Target(self.name, self.port, secret, self.pids, db_pids)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM (gunicorn and run_webhook shut down gracefully), SIGKILL past the timeout."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout)

    def log_tail(self, lines: int = 15) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


async def first_update_seconds(server: BotServer, standin: BotApiStandIn, chat_id: int) -> float:
    """Seconds from the process's start to its first handled update (a /start, answered)."""
    chat = UserChat(chat_id, standin, random.Random(chat_id))
    connection = HttpConnection(server.port, START_TIMEOUT)
    target = server.target(server.env["TELEGRAM_WEBHOOK_SECRET"])
    try:
        while time.perf_counter() - server.spawned < START_TIMEOUT:
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.name} exited:\n{server.log_tail()}")
            record = await send_update(target, standin, chat, connection)
            if record.status == 200 and not math.isnan(record.answer_s):
                return record.started + record.done_s - server.spawned
            await asyncio.sleep(0.005)
    finally:
        connection.close()
    raise RuntimeError(
        f"{server.name} handled no update in {START_TIMEOUT} s:\n{server.log_tail()}"
    )
