"""The worker's Bot API calls: plain synchronous HTTP (the worker has no event loop), with
Telegram's refusals as exceptions the outbox understands."""

import json

import httpx
from django.conf import settings

from botapp.chat.settings import bot_token

#: Each call gives up after this many seconds (then it counts as a passing failure).
TIMEOUT = 10.0
_client = httpx.Client(timeout=TIMEOUT)


class Refused(Exception):
    """Telegram refused a call: its error code, words and, for 429, the seconds to wait."""

    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(f"{code} {description}")
        self.code, self.description, self.retry_after = code, description, retry_after

    @property
    def words(self) -> str:
        return self.description.lower()

    def is_thread_gone(self) -> bool:
        return self.code == 400 and "message thread not found" in self.words

    def gone(self, to_user: bool) -> str | None:
        """What a refusal of a copy says is gone for good: "user" (they blocked the bot, or
        their chat is no more), "group" (the bot was removed from the team's group), or None.
        A copy to a user names the group when the group it copies from is what is gone."""
        words = self.words
        if self.code == 403 and ("supergroup" in words or "group chat" in words):
            return "group"
        if self.code == 403 or (self.code == 400 and "chat not found" in words):
            return "user" if to_user else "group"
        return None

    def is_passing(self) -> bool:
        """A failure that a later try may not meet (flood, Telegram's own trouble)."""
        return self.code == 429 or self.code >= 500


def call(method: str, **params):
    """Call ``method``; its result, or Refused. A network failure raises httpx.HTTPError."""
    url = f"{settings.TELEGRAM_API_BASE_URL}{bot_token()}/{method}"
    body = {
        key: json.dumps(value) if isinstance(value, dict | list) else value
        for key, value in params.items()
        if value is not None
    }
    response = _client.post(url, data=body)
    try:
        answer = response.json()
    except ValueError:
        raise Refused(response.status_code, "not a Bot API answer") from None
    if answer.get("ok"):
        return answer.get("result")
    retry_after = (answer.get("parameters") or {}).get("retry_after")
    raise Refused(
        answer.get("error_code") or response.status_code, answer.get("description", ""), retry_after
    )
