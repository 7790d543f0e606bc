"""The client's address: the admin's login lockouts (django-axes) and the web chat's rate limit
of anonymous writes (botapp.web.throttle) count by it. Here, not in config, so botapp may
import it (config → botapp → advisor)."""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The address that connected to the first of the TRUSTED_PROXY_HOPS proxies in front of
    the app. Each proxy appends the address that connected to it to X-Forwarded-For, so that is
    the entry TRUSTED_PROXY_HOPS from the end (1: the last); entries before it are whatever the
    client sent, so a guesser could vary them to escape the lockout. The connection's own
    address (REMOTE_ADDR) with no trusted proxy, or when that entry is missing or not an
    address."""
    remote_address = request.META.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXY_HOPS
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if hops == 0 or len(entries) < hops:
        return remote_address
    try:
        return str(ipaddress.ip_address(entries[-hops].strip()))
    except ValueError:
        return remote_address
