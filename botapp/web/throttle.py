"""The rate limit of the web chat's anonymous writes (votes, reasons), per client address as
the admin's login lockouts count it (botapp.client_address). Counted in Django's cache, so no
address is ever stored in the database; the site's cache is the default per-process one
(docs/web.md, "Votes and reasons"): each process counts on its own."""

import hashlib

from django.core.cache import cache

from botapp.client_address import client_address

#: At most this many writes from one address in WINDOW_SECONDS.
WRITES_PER_WINDOW = 30
WINDOW_SECONDS = 600


def allowed(request) -> bool:
    """Count a write from the request's address; False once it is over the limit."""
    address = client_address(request) or "unknown"
    key = "web-writes:" + hashlib.sha256(address.encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls: this write starts a new window
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= WRITES_PER_WINDOW
