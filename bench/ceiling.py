"""The Bot API stand-in's own ceiling: ``python -m bench.ceiling PORT SECONDS CONNECTIONS``
sends sendMessage calls shaped like python-telegram-bot's (form-encoded, a JSON keyboard)
over keep-alive connections for SECONDS and prints the calls answered per second.

It runs in its own process, so the stand-in gets a core of its own, as in the benchmark;
on two cores the generator itself may give out first, so the figure is a lower bound."""

import asyncio
import json
import sys
import time
from urllib.parse import urlencode

from bench.http import HttpConnection
from bench.standin import TOKEN

KEYBOARD = {"inline_keyboard": [[{"text": "Yes", "callback_data": "g:1:2:3"}] * 2]}


async def hammer(port: int, seconds: float, connections: int) -> float:
    path = f"/bot{TOKEN}/sendMessage"
    deadline = time.perf_counter() + seconds
    answered = [0]

    async def one_connection(index: int) -> None:
        connection = HttpConnection(port)
        body = urlencode(
            {"chat_id": 5_000_000 + index, "text": "Q?", "reply_markup": json.dumps(KEYBOARD)}
        ).encode()
        form = "application/x-www-form-urlencoded"
        try:
            while time.perf_counter() < deadline:
                status, _, _ = await connection.post(path, body, {}, form)
                answered[0] += status == 200
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(one_connection(index) for index in range(connections)))
    return answered[0] / (time.perf_counter() - started)


def main() -> None:
    port, seconds, connections = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    print(f"{asyncio.run(hammer(port, seconds, connections)):.0f}")


if __name__ == "__main__":
    main()
