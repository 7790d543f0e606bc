"""The sites allowed to show a map's web chat in a frame: origins as a browser names them
(``https://www.example.org``, ``http://localhost:8000``), checked and written one way."""

import re
from urllib.parse import urlsplit

#: A host: a name of letters, digits, hyphens and dots, or an IPv4 address.
LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
HOST = re.compile(rf"(?=.{{1,253}}$){LABEL}(\.{LABEL})*")
#: The most sites one map may list (each is in the chat page's header).
MAX_ORIGINS = 50
DEFAULT_PORTS = {"https": 443, "http": 80}


class OriginError(ValueError):
    """A site that is not an origin; the message says what to write instead."""


def normalized_origin(text: str) -> str:
    """``text`` as an origin: scheme and host in lower case, the default port left out, a
    trailing slash forgiven. OriginError for anything else (a path, a query, a user)."""
    text = text.strip()
    example = "Write it as https://www.example.org (the address of the site, nothing after it)"
    try:
        parts = urlsplit(text.removesuffix("/"))
        port = parts.port
    except ValueError:
        raise OriginError(f"“{text}” is not a site's address. {example}.") from None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in DEFAULT_PORTS:
        raise OriginError(f"“{text}” must start with https:// (or http://). {example}.")
    if not parts.netloc or parts.username is not None or not HOST.fullmatch(host):
        raise OriginError(f"“{text}” has no valid site name. {example}.")
    if parts.path or parts.query or parts.fragment or "#" in text or "?" in text:
        raise OriginError(f"“{text}” has a path after the site's name. {example}.")
    shown_port = f":{port}" if port is not None and port != DEFAULT_PORTS[scheme] else ""
    return f"{scheme}://{host}{shown_port}"


def normalized_origins(lines: list[str]) -> list[str]:
    """Each non-empty line as an origin, once each, in the order given; OriginError naming
    the first wrong one (or too many)."""
    origins = list(dict.fromkeys(normalized_origin(line) for line in lines if line.strip()))
    if len(origins) > MAX_ORIGINS:
        raise OriginError(f"List at most {MAX_ORIGINS} sites (this lists {len(origins)}).")
    return origins
