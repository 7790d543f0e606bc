"""Whether a text is a web address, as Django's URLValidator (5.2) decides, in plain Python:
the core checks links as the admin's forms do without importing Django
(tests/test_markup.py compares the two)."""

import ipaddress
import re
from urllib.parse import urlsplit

_LETTER = "a-z\u00a1-\uffff0-9"
_HOST = (
    rf"(?:[{_LETTER}](?:[{_LETTER}-]{{0,61}}[{_LETTER}])?"  # a label
    rf"(?:\.(?!-)[{_LETTER}-]{{1,63}}(?<!-))*"  # more labels
    r"\.(?!-)(?:[a-z\u00a1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\.?"  # the top level
    r"|localhost)"
)
_IPV4_PART = r"(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)"
_ADDRESS = re.compile(
    r"^(?:[a-z0-9.+-]*)://"  # the scheme, checked apart
    r"(?:[^\s:@/]+(?::[^\s:@/]*)?@)?"  # user:password@
    rf"(?:{_IPV4_PART}(?:\.{_IPV4_PART}){{3}}|\[[0-9a-f:.]+\]|{_HOST})"
    r"(?::[0-9]{1,5})?"  # the port
    r"(?:[/?#][^\s]*)?"  # the path
    r"\Z",
    re.IGNORECASE,
)
_IPV6_HOST = re.compile(r"^\[(.+)\](?::[0-9]{1,5})?$")
MAX_LENGTH = 2048


def is_web_address(text: str, schemes: tuple[str, ...] = ("https", "http")) -> bool:
    """Whether the text is a web address with one of these schemes."""
    if len(text) > MAX_LENGTH or set("\t\r\n") & set(text):
        return False
    if text.split("://")[0].lower() not in schemes:
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    if not _ADDRESS.search(text):
        return False
    if (host := _IPV6_HOST.search(parts.netloc)) and not _is_ipv6(host[1]):
        return False
    return parts.hostname is not None and len(parts.hostname) <= 253


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return len(text) <= 39
