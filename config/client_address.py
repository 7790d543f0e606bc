"""The client's address behind Heroku's router, for the admin's login lockouts (django-axes)."""

import ipaddress


def heroku_client_address(request) -> str | None:
    """The client's address as Heroku's router saw it. The router appends the address that
    connected to it as the LAST X-Forwarded-For entry; anything before it is whatever the client
    sent, so a guesser could vary it to escape the lockout. REMOTE_ADDR (the router itself on
    Heroku) without a valid header, e.g. under runserver. Like SECURE_PROXY_SSL_HEADER in the
    settings, this trusts that requests come through the router."""
    last = request.META.get("HTTP_X_FORWARDED_FOR", "").rpartition(",")[2].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return request.META.get("REMOTE_ADDR")
