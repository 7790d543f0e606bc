"""Telegram's URL check for links and URL buttons, as TDLib does it.

Ported from TDLib's ``parse_url`` (tdutils/td/utils/HttpUrl.cpp) and
``LinkManager::check_link`` (td/telegram/LinkManager.cpp): ``check_link`` returns the URL in
the spelling Telegram stores and shows (``https://Example.com`` becomes
``https://example.com/``) or raises ``LinkError`` with TDLib's reason.
"""

import ipaddress
import re
import string

#: Characters RFC 3986 allows in a host or userinfo (TDLib also lets through all non-ASCII).
URL_PART = set(string.ascii_letters + string.digits + ".-_!$,~*'();&+=")
HEX = set(string.hexdigits)
SPACES = " \t\r\n\0\v"
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_SCHEMES = ("tg:", "tonsite:", "ton:")


class LinkError(ValueError):
    """A URL Telegram refuses; the message is TDLib's reason."""


def ascii_lower(text: str) -> str:
    """Lowercase ASCII letters only, as TDLib's ``to_lower``."""
    return text.translate(_ASCII_LOWER)


def _check_part(part: str, name: str, allow_colon: bool) -> None:
    i = 0
    while i < len(part):
        c = part[i]
        if c in URL_PART or (allow_colon and c == ":") or ord(c) >= 128:
            i += 1
        elif c == "%" and part[i + 1 : i + 2] in HEX and part[i + 2 : i + 3] in HEX:
            i += 3
        elif c == "%":
            raise LinkError(f"Wrong percent-encoded symbol in URL {name}")
        else:
            raise LinkError(f"Disallowed character in URL {name}")


def _port(text: str) -> int:
    """The port after a colon; -1 if it is not a number from 1 on."""
    return int(text) if re.fullmatch(r"\d+", text) and int(text) > 0 else -1


def parse_url(url: str) -> dict:
    """The parts of ``[http[s]://][userinfo@]host[:port][path]`` (HTTP when no scheme)."""
    head = re.match(r"[^:/?#@\[\]]*", url).group()
    protocol, rest = "http", url
    if url[len(head) :].startswith("://"):
        protocol, rest = ascii_lower(head), url[len(head) + 3 :]
        if protocol not in ("http", "https"):
            raise LinkError("Unsupported URL protocol")
    authority = re.match(r"[^/?#]*", rest).group()
    query = rest[len(authority) :]
    colon = len(authority) - 1
    while colon > 0 and authority[colon] not in ":]@":
        colon -= 1
    port = 0
    if colon > 0 and authority[colon] == ":":
        port, authority = _port(authority[colon + 1 :]), authority[:colon]
    if not 0 <= port <= 65535:
        raise LinkError("Wrong port number specified in the URL")
    userinfo, _, host = authority.rpartition("@")
    is_ipv6 = len(host) > 1 and host[0] == "[" and host[-1] == "]"
    if is_ipv6:
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise LinkError("Wrong IPv6 address specified in the URL") from None
    if not host:
        raise LinkError("URL host is empty")
    if host == ".":
        raise LinkError("Host is invalid")
    query = query.rstrip(SPACES) or "/"
    query = ("" if query[0] == "/" else "/") + "".join(
        f"%{ord(c):02X}" if ord(c) <= 0x20 else c for c in query
    )
    host = ascii_lower(host)
    if not is_ipv6:
        _check_part(host, "host", False)
        _check_part(userinfo, "userinfo", True)
    return {
        "protocol": protocol,
        "userinfo": userinfo,
        "host": host,
        "port": port,
        "query": query,
        "is_ipv6": is_ipv6,
    }


def _check_link(link: str) -> str:
    scheme = next((s for s in _SCHEMES if ascii_lower(link).startswith(s)), "")
    rest = link[len(scheme) :]
    if scheme and rest.startswith("//"):
        rest = rest[2:]
    url = parse_url(rest)
    if scheme:
        if (
            ascii_lower(rest).startswith("http://")
            or url["protocol"] == "https"
            or url["userinfo"]
            or url["port"]
            or url["is_ipv6"]
        ):
            raise LinkError("Wrong tg URL" if scheme == "tg:" else "Wrong ton URL")
        query = url["query"][1:] if url["query"][1:2] == "?" else url["query"]
        for c in url["host"]:
            if not (c.isascii() and c.isalnum() or c in "-_" or scheme == "tonsite:" and c == "."):
                raise LinkError("Unallowed characters in URL host")
        return f"{scheme[:-1]}://{url['host']}{query}"
    if "." not in url["host"] and not url["is_ipv6"]:
        raise LinkError("Wrong HTTP URL")
    userinfo = f"{url['userinfo']}@" if url["userinfo"] else ""
    port = f":{url['port']}" if url["port"] else ""
    return f"{url['protocol']}://{userinfo}{url['host']}{port}{url['query']}"


def check_link(link: str) -> str:
    """The link as Telegram keeps it, or ``LinkError("URL '…' is invalid: reason")``."""
    try:
        return _check_link(link)
    except LinkError as error:
        raise LinkError(f"URL '{link}' is invalid: {error}") from None


def checked_link(link: str) -> str:
    """The link as Telegram keeps it, or "" where Telegram drops it (an HTML ``<a href>``)."""
    try:
        return _check_link(link)
    except LinkError:
        return ""
