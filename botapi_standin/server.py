"""A Bot API stand-in on 127.0.0.1 for tests and the benchmark.

It answers python-telegram-bot in the real Bot API shapes, records every call, keeps each
chat's messages (so a test sees what the user would see after edits), and plays Telegram's
part of a webhook: it posts user updates to the registered URL with the secret header.
Messages keep Telegram's rules, with its error descriptions: messages.py and the modules it
uses (HTML parse mode in telegram_html.py). docs/testing.md says why the npm
telegram-test-api is not used as is.
"""

import itertools
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from botapi_standin.copies import CopyMethods
from botapi_standin.group_chat import GroupChat, new_supergroup
from botapi_standin.groups import FloodLimit, GroupMethods, Supergroup
from botapi_standin.media import PhotoStore, parse_multipart
from botapi_standin.messages import BOT_USER, MessageMethods
from botapi_standin.rules import ApiError
from botapi_standin.topics import ForumTopicMethods
from botapi_standin.user import UserChat

TOKEN = "123456:TEST-token-for-the-bot-api-stand-in"
#: Parameters that hold JSON (form and multipart requests send them as JSON strings).
JSON_PARAMS = {
    "reply_markup",
    "allowed_updates",
    "commands",
    "scope",
    "media",
    "entities",
    "caption_entities",
    "message_ids",
}
#: fail_next's code for closing the connection without an answer.
DROP = 0


def reply_call(content_type: str, body: bytes) -> tuple[str, bytes] | None:
    """The method and JSON parameters of the call in a webhook's answer; None if there is none."""
    call = json.loads(body) if content_type == "application/json" and body else None
    if not isinstance(call, dict) or "method" not in call:
        return None
    method = call.pop("method")
    return method, json.dumps(call).encode()


class BotApiStandIn(MessageMethods, GroupMethods, ForumTopicMethods, CopyMethods):
    """The server, its recorded state, and the user's side of the chats.

    Messages follow Telegram's rules (messages.py): HTML parse mode, length limits, photos
    by upload or file id, inline keyboards. ``photo_sends`` records each photo sent or put in
    a message (``uploaded`` tells an upload from a file id); ``uploads`` are the uploaded ones.
    Supergroups and their topics (groups.py, topics.py, group_chat.py) and copies (copies.py)
    keep Telegram's rules too: ``received`` holds what users sent the bot in private chats,
    ``blocked`` the users who blocked it, ``flood`` the limit on messages into one group.
    """

    def __init__(self, token: str = TOKEN):
        self.token = token
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.reset()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stall

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                content_type = self.headers.get("Content-Type", "")
                status, answer = stand_in.answer(self.path, content_type, body)
                if status == DROP:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the bot gave up waiting (a timeout test)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_port}/bot"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reset(self) -> None:
        with self._lock:
            self.calls: list[tuple[str, dict]] = []
            self.replies: list[str] = []  # the methods of calls the bot made as webhook replies
            self.messages: dict[int, dict[int, dict]] = {}
            self.webhook: dict = {}
            self.failures: dict[str, list[ApiError]] = {}
            self.pending_updates: list[dict] = []
            self.delays: dict[str, float] = {}
            self.photo_sends: list[dict] = []
            self.received: dict[int, dict[int, dict]] = {}
            self.groups: dict[int, Supergroup] = {}
            self.blocked: set[int] = set()
            self.copies: list[dict] = []
            self.flood = FloodLimit()
            # Telegram keeps the file ids it issued: a reset (a new test) does not forget them.
            self.photos = getattr(self, "photos", None) or PhotoStore()

    @property
    def uploads(self) -> list[dict]:
        """The photos that were uploaded (not sent by file id), as in ``photo_sends``."""
        return [send for send in self.photo_sends if send["uploaded"]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- the bot's side: Bot API methods -------------------------------------------------

    def answer(self, path: str, content_type: str, body: bytes) -> tuple[int, dict]:
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = path[len(prefix) :]
        params = self._params(content_type, body)
        if method == "getUpdates":
            self._wait_for_updates(float(params.get("timeout") or 0))
        time.sleep(self.delays.pop(method, 0))
        with self._lock:
            self.calls.append((method, params))
            try:
                failures = self.failures.get(method)
                if failures:
                    raise failures.pop(0)
                handler = getattr(self, f"api_{method}", None)
                if handler is None:
                    raise ApiError(404, "Not Found: method not found")
                return 200, {"ok": True, "result": handler(params)}
            except ApiError as error:
                answer = {"ok": False, "error_code": error.code, "description": error.description}
                if error.code == DROP:
                    return DROP, {}
                if error.extra:
                    answer["parameters"] = error.extra
                return error.code, answer

    @staticmethod
    def _params(content_type: str, body: bytes) -> dict:
        """A call's parameters from a JSON, form or multipart body (python-telegram-bot sends
        a form, or multipart/form-data with files; a webhook answer is JSON)."""
        kind = content_type.partition(";")[0].strip().lower()
        if kind == "application/json":
            params = json.loads(body or b"{}")
        elif kind == "multipart/form-data":
            params = parse_multipart(content_type, body)
        else:
            params = dict(parse_qsl(body.decode()))
        for name in JSON_PARAMS & params.keys():
            if isinstance(params[name], str):
                try:
                    params[name] = json.loads(params[name])
                except ValueError:
                    pass  # the method answers Telegram's error for it
        return params

    def fail_next(self, method: str, code: int, description: str = "", **extra) -> None:
        """Make the next call of ``method`` fail as Telegram would (DROP: close the connection)."""
        with self._lock:
            self.failures.setdefault(method, []).append(ApiError(code, description, **extra))

    def api_getMe(self, params):
        return BOT_USER

    def api_answerCallbackQuery(self, params):
        return True

    def api_setWebhook(self, params):
        self.webhook = params
        return True

    def api_deleteWebhook(self, params):
        self.webhook = {}
        return True

    def api_getWebhookInfo(self, params):
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }

    def queue_update(self, update: dict) -> None:
        """Hold an update for the bot's next getUpdates (long polling)."""
        with self._lock:
            self.pending_updates.append(update)

    def _wait_for_updates(self, timeout: float) -> None:
        deadline = time.monotonic() + min(timeout, 1.0)
        while not self.pending_updates and time.monotonic() < deadline:
            time.sleep(0.02)

    def api_getUpdates(self, params):
        offset = int(params.get("offset") or 0)
        self.pending_updates = [u for u in self.pending_updates if u["update_id"] >= offset]
        return self.pending_updates

    def api_setMyCommands(self, params):
        return True

    # --- the user's side ------------------------------------------------------------------

    def chat(self, user_id: int, first_name: str = "Ada") -> "UserChat":
        return UserChat(self, {"id": user_id, "is_bot": False, "first_name": first_name})

    def supergroup(self, title: str = "Support team", is_forum: bool = True, **bot_rights):
        """A new supergroup (a forum by default) with its owner and the bot as an
        administrator with ``bot_rights`` over the defaults: its GroupChat."""
        owner = {"id": 7000 + len(self.groups), "is_bot": False, "first_name": "Olga"}
        group = new_supergroup(title, is_forum, owner)
        group.join(BOT_USER, "administrator", **bot_rights)
        self.groups[group.id] = group
        return GroupChat(self, group)

    def deliver(self, update: dict, url: str = "", secret: str | None = None) -> int:
        """Post an update to the webhook as Telegram does; return the HTTP status."""
        request = urllib.request.Request(
            url or self.webhook["url"],
            data=json.dumps(update).encode(),
            headers={"Content-Type": "application/json"},
        )
        secret = self.webhook.get("secret_token") if secret is None else secret
        if secret:
            request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                self.execute_reply(response.headers.get_content_type(), response.read())
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def execute_reply(self, content_type: str, body: bytes) -> None:
        """Make the call a webhook answered with, as Telegram does (telling nobody how it went)."""
        call = reply_call(content_type, body)
        if call is not None:
            with self._lock:
                self.replies.append(call[0])
            self.answer(f"/bot{self.token}/{call[0]}", content_type, call[1])

    def keyboard_message(self, chat_id: int) -> dict | None:
        """The newest message in the chat that still has buttons."""
        messages = self.messages.get(chat_id, {})
        for message_id in sorted(messages, reverse=True):
            if messages[message_id].get("reply_markup"):
                return messages[message_id]
        return None

    def next_update_id(self) -> int:
        return next(self._ids)

    def calls_of(self, method: str) -> list[dict]:
        with self._lock:
            return [params for name, params in self.calls if name == method]

    def wait_for_calls(self, method: str, count: int, timeout: float, where) -> list[dict]:
        """The calls of ``method`` matching ``where`` once there are ``count`` (or at the
        timeout): the bot makes some calls on the side, after its webhook has answered."""
        deadline = time.monotonic() + timeout
        while True:
            calls = [params for params in self.calls_of(method) if where(params)]
            if len(calls) >= count or time.monotonic() > deadline:
                return calls
            time.sleep(0.01)
