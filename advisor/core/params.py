"""Numbers and ids as a request carries them (a query parameter, a posted field): ASCII
digits only, within the range every database stores. Anything else ("", "-1", "abc",
"²", "٣", 10**30, a NUL byte) reads as None, so a page answers it with its own words or a
404 instead of a traceback; no view calls int() or str.isdigit() on a request's value."""

import re

#: The largest whole number a database integer holds (a signed 64-bit one).
LARGEST = 2**63 - 1
DIGITS = re.compile(r"[0-9]{1,19}")
#: The most numbers a comma-separated list is read with (the unfolded steps of an outline).
MOST_IN_LIST = 10_000


def whole_number(text, largest: int = LARGEST) -> int | None:
    """``text`` as a whole number from 0 to ``largest``, else None."""
    if not isinstance(text, str) or not DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if number <= largest else None


def number_list(text: str) -> list[int]:
    """The whole numbers of a comma-separated list, in order; other parts left out."""
    parts = (text or "").split(",", MOST_IN_LIST)[:MOST_IN_LIST]
    return [number for part in parts if (number := whole_number(part)) is not None]


#: What a form says of a text with a NUL character.
NUL_MESSAGE = "This text holds an invisible NUL character, which cannot be stored: retype it."


def has_nul(*texts) -> bool:
    """Whether a text holds a NUL byte, which PostgreSQL cannot store in a text column."""
    return any("\x00" in text for text in texts if isinstance(text, str))
