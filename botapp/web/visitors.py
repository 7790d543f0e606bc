"""A web chat's visitor: a random number the chat's links carry (``v=``), no cookie and no
session, standing where Telegram's chat id stands in the analytics records
(HandledUpdate.chat_id). Drawn from a range Telegram's chat ids never reach (theirs stay
below 2**53), so a visitor and a chat never share a record's unique (chat_id, update_id)."""

import secrets

#: Every visitor id: 2**60 up to 2**62.
VISITOR_IDS = range(2**60, 2**62)
#: The query parameter (and form field) that carries it.
PARAMETER = "v"


def new_visitor() -> int:
    return VISITOR_IDS.start + secrets.randbelow(len(VISITOR_IDS))


def visitor_of(request) -> int:
    """The visitor the request's links carried, or a new one (none carried, or a forged
    value: not a number in VISITOR_IDS)."""
    carried = request.GET.get(PARAMETER) or request.POST.get(PARAMETER) or ""
    if carried.isascii() and carried.isdigit() and len(carried) <= 19:
        if int(carried) in VISITOR_IDS:
            return int(carried)
    return new_visitor()
