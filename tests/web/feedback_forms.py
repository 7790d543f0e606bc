"""Reading a chat page's forms the way a browser sends them (tests of botapp.web.feedback)."""

import re
from html import unescape

from botapp.models import HandledUpdate
from tests.web.test_chat_page import CHAT

FORM = re.compile(
    r'<form[^>]*? method="post" action="([^"]*)"[^>]*>\s*'
    r'<input type="hidden" name="t" value="([^"]*)">(.*?)</form>',
    re.S,
)
FEEDBACK = CHAT + "feedback/"
#: The kinds of row the forms write.
FORMS_WRITE = (HandledUpdate.Kind.VOTE, HandledUpdate.Kind.REASON)


def forms(response) -> dict[str, tuple[str, str]]:
    """The page's forms: the button's label (or "reason") → (action, token)."""
    found = {}
    for action, token, inside in FORM.findall(response.content.decode()):
        label = re.search(r"<button[^>]*>(.*?)</button>", inside, re.S)[1]
        key = "reason" if 'name="reason"' in inside else unescape(label)
        found[key] = (unescape(action).split("#")[0], unescape(token))
    return found


def send(client, response, label: str, headers: dict | None = None, **fields):
    """Send the form of the button ``label`` (or "reason") on the page ``response``."""
    action, token = forms(response)[label]
    return client.post(action, {"t": token, **fields}, **(headers or {}))


def form_rows():
    """The rows the forms write (votes and reasons), not the page views walking there."""
    return HandledUpdate.objects.filter(
        kind__in=(HandledUpdate.Kind.VOTE, HandledUpdate.Kind.REASON)
    )
