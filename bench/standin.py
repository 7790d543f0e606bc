"""A fast Bot API stand-in for the benchmark.

It answers with the Bot API methods of the stand-in the test suite uses (botapi_standin: the
real answer shapes the suite relies on: ``{"ok": true, "result": ...}``, full ``Message``
objects, ``true`` for answers, ``{"ok": false, "error_code": 400, ...}``) but serves them
from one stdlib asyncio loop with HTTP/1.1 keep-alive instead of a thread per connection,
keeps only each chat's last few messages, and times its own work on every call so the driver
can tell it apart from ours.
Photos are the suite's too: multipart uploads answered with new file_ids, file_ids it issued
taken back; it counts the uploads made for each chat's update in flight. Groups, forum topics,
copies and the limit of 20 messages a minute into one group are the suite's too (groups.py,
topics.py, copies.py); ``ScaledFloodLimit`` runs that limit's minute faster, and
``group_calls`` and the copies' ``at`` record when each call into a group and each copy came.
"""

import asyncio
import itertools
import json
import math
import threading
import time

from botapi_standin.groups import FloodLimit
from botapi_standin.rules import ApiError
from botapi_standin.server import BotApiStandIn as SuiteStandIn
from botapi_standin.server import reply_call

TOKEN = "123456:bench-token-for-the-bot-api-stand-in"
#: The call that ends the handling of an update, as the user sees it.
FINAL_METHODS = {"sendMessage", "editMessageText", "sendPhoto", "editMessageMedia"}
#: The calls that make a new message (old ones are then forgotten).
NEW_MESSAGE_METHODS = {"sendMessage", "sendPhoto"}
#: Messages kept per chat (the driver only presses the newest one with buttons).
KEPT_MESSAGES = 4


class ScaledFloodLimit(FloodLimit):
    """Telegram's limit on one group (20 messages a minute) on a clock ``speed`` times
    faster than the real one: its minute lasts 60 / ``speed`` real seconds, and a 429's
    ``retry_after`` is the real seconds to wait (the simulated ones divided by ``speed``,
    rounded up, at least 1 as Telegram's)."""

    def __init__(self, speed: float):
        super().__init__(clock=lambda: time.monotonic() * speed)
        self.speed = speed

    def take(self, chat_id: int, count: int = 1) -> None:
        try:
            super().take(chat_id, count)
        except ApiError as error:
            if error.code != 429:
                raise
            seconds = max(1, math.ceil(error.extra["retry_after"] / self.speed))
            raise ApiError(
                429, f"Too Many Requests: retry after {seconds}", retry_after=seconds
            ) from None


class ChatTiming:
    """The driver's update in flight in one chat: its answer, and the stand-in's time on it."""

    __slots__ = ("waiter", "service_s", "uploads")

    def __init__(self, waiter: asyncio.Future):
        self.waiter, self.service_s, self.uploads = waiter, 0.0, 0


class BotApiStandIn(SuiteStandIn):
    """The suite stand-in's methods and state, without its thread-per-connection server."""

    def __init__(self, token: str = TOKEN):  # the suite's __init__ would start its server
        self.token, self.prefix = token, f"/bot{token}/"
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.reset()
        self.timing: dict[int, ChatTiming] = {}
        self.callback_chats: dict[str, int] = {}
        self.served, self.busy_s = 0, 0.0
        #: Each call into a group: (monotonic time, chat, topic, method, status, retry_after).
        self.group_calls: list[tuple] = []
        self.server: asyncio.Server | None = None
        self.base_url = ""

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.server = await loop.create_server(lambda: HttpServerProtocol(self), "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}/bot"

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    def expect_answer(self, chat_id: int, callback_id: str = "") -> asyncio.Future:
        """A future set to the time the bot's answer to this chat's next update arrives."""
        timing = ChatTiming(asyncio.get_running_loop().create_future())
        self.timing[chat_id] = timing
        if callback_id:
            self.callback_chats[callback_id] = chat_id
        return timing.waiter

    def service_seconds(self, chat_id: int) -> float:
        """The stand-in's own time on the calls about this chat's update in flight."""
        timing = self.timing.get(chat_id)
        return timing.service_s if timing else 0.0

    def chat_uploads(self, chat_id: int) -> int:
        """The photos uploaded (not sent by file_id) for this chat's update in flight."""
        timing = self.timing.get(chat_id)
        return timing.uploads if timing else 0

    def handle(self, path: str, content_type: str, body: bytes) -> tuple[bytes, int | None, str]:
        """The full HTTP response to one call, the chat it concerns and the method."""
        chat_id, method = None, ""
        try:
            if not path.startswith(self.prefix):
                raise ApiError(401, "Unauthorized")
            method = path[len(self.prefix) :]
            params = self._params(content_type, body)
            chat_id = self._chat_of(method, params)
            handler = getattr(self, f"api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            sends = len(self.photo_sends)
            status, answer = 200, {"ok": True, "result": handler(params)}
            if method in NEW_MESSAGE_METHODS and chat_id > 0:  # a group keeps its topics'
                self._forget_old_messages(chat_id)
            if len(self.photo_sends) > sends and self.photo_sends[-1]["uploaded"]:
                self._count_upload(chat_id)
        except ApiError as error:
            status = error.code
            answer = {"ok": False, "error_code": error.code, "description": error.description}
            if error.extra:  # a 429's retry_after
                answer["parameters"] = error.extra
        except (KeyError, ValueError) as error:
            status, answer = 400, {"ok": False, "error_code": 400, "description": f"{error!r}"}
        if chat_id is not None and chat_id < 0:
            retry_after = answer.get("parameters", {}).get("retry_after", 0)
            thread_id = int(params.get("message_thread_id") or 0)  # params: read, chat found
            self.group_calls.append(
                (time.monotonic(), chat_id, thread_id, method, status, retry_after)
            )
        payload = json.dumps(answer, separators=(",", ":")).encode()
        response = b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
        return response % (status, len(payload)) + payload, chat_id, method

    def execute_reply(self, content_type: str, body: bytes) -> None:
        """Make the call a webhook answered with, timed as the stand-in's own work."""
        started = time.perf_counter()
        call = reply_call(content_type, body)
        if call is not None:
            _, chat_id, method = self.handle(self.prefix + call[0], content_type, call[1])
            self.account(chat_id, method, started)

    def account(self, chat_id: int | None, method: str, started: float) -> None:
        """Add a served call's time to the totals and its chat; settle the chat's waiter."""
        ended = time.perf_counter()
        self.served += 1
        self.busy_s += ended - started
        timing = self.timing.get(chat_id) if chat_id is not None else None
        if timing is not None:
            timing.service_s += ended - started
            if method in FINAL_METHODS and not timing.waiter.done():
                timing.waiter.set_result(ended)

    def _chat_of(self, method: str, params: dict) -> int | None:
        if "chat_id" in params:
            return int(params["chat_id"])
        if method == "answerCallbackQuery":
            return self.callback_chats.pop(params.get("callback_query_id"), None)
        return None

    def _record_copy(self, source: dict, copy: dict) -> None:
        super()._record_copy(source, copy)
        self.copies[-1]["at"] = time.monotonic()

    def _count_upload(self, chat_id: int) -> None:
        timing = self.timing.get(chat_id)
        if timing is not None:
            timing.uploads += 1

    def _forget_old_messages(self, chat_id: int) -> None:
        messages = self.messages[chat_id]
        while len(messages) > KEPT_MESSAGES:
            del messages[min(messages)]


class HttpServerProtocol(asyncio.Protocol):
    """HTTP/1.1 with Content-Length bodies and keep-alive: what httpx sends."""

    def __init__(self, api: BotApiStandIn):
        self.api = api
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            started = time.perf_counter()
            lines = bytes(self.buffer[:head_end]).decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            end = head_end + 4 + int(headers.get("content-length") or 0)
            if len(self.buffer) < end:
                return
            body = bytes(self.buffer[head_end + 4 : end])
            del self.buffer[:end]
            content_type = headers.get("content-type", "")
            response, chat_id, method = self.api.handle(path, content_type, body)
            self.transport.write(response)
            if headers.get("connection", "").lower() == "close":
                self.transport.close()
                self.transport = None
            self.api.account(chat_id, method, started)

    def connection_lost(self, exc):
        self.transport = None
