"""The signed token a web chat's form carries in place of a CSRF cookie (which a third-party
iframe may not have): what the form may write (a vote, or the reason after "👎 No"), on which
map, for which press (the vote's callback data) and which visitor, and when it was given.

A token is Django's signing (TimestampSigner, the SECRET_KEY, a salt of its own), so it cannot
be forged or moved to another map, press or visitor; it expires; and the record it writes is
named by it (``update_id``), so the same form sent twice writes once."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

from advisor.core.callbacks import decode
from advisor.core.feedback import REASON_WINDOW
from botapp.web import visitors

SALT = "botapp.web.tokens"
VOTE, REASON = "vote", "reason"
#: How long a form may wait before it is sent: a vote a day (a page left open), a reason as
#: long as Telegram takes a reply as one after "👎 No".
MAX_AGE = {VOTE: timedelta(days=1), REASON: REASON_WINDOW}
#: A token is about a hundred characters: anything much longer is not one.
LONGEST = 400


@dataclass(frozen=True)
class Signed:
    """What a valid token allows: ``kind`` of write, on ``map_id``, for the press ``data``."""

    kind: str
    map_id: int
    data: str
    visitor: int
    token: str

    @property
    def update_id(self) -> int:
        """The record's id beside the visitor's number: the same for the same form."""
        digest = hashlib.sha256(self.token.encode()).digest()
        return int.from_bytes(digest[:8]) >> 1  # a positive signed 64-bit integer


def sign(kind: str, map_id: int, data: str, visitor: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object([kind, map_id, data, visitor])


def read(token: str) -> Signed | None:
    """What a token allows, or None: forged, expired, altered or not a token at all."""
    if not token or len(token) > LONGEST or not token.isascii():
        return None
    signer = signing.TimestampSigner(salt=SALT)
    try:
        kind, map_id, data, visitor = signer.unsign_object(token, max_age=max(MAX_AGE.values()))
        if kind != VOTE:  # a reason's shorter life
            signer.unsign(token, max_age=MAX_AGE[kind])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if not (type(map_id) is type(visitor) is int and isinstance(data, str)):
        return None
    action = decode(data)
    if action is None or action.map_id != map_id or visitor not in visitors.VISITOR_IDS:
        return None
    return Signed(kind, map_id, data, visitor, token)
