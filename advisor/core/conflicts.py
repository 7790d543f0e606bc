"""Whether a save would overwrite someone else's newer one, field by field. Pure.

A page that writes the draft carries a fingerprint of every value it showed (the state it
was *opened* at) and the History entry it saw last. Saving compares three values of each
field: the one shown when the page opened, the one posted, and the one stored now. A field
only the other person changed takes their value, one only this editor changed keeps the
typed value, and one both changed differently is a clash: the typed value is kept and
theirs is shown beside it.
"""

import hashlib
import json
from dataclasses import dataclass, field

from advisor.core.params import LARGEST


def normal(value) -> str:
    """A value as compared: a form's idea of it (True is a ticked box, None an empty field),
    with the line breaks a browser posts and the spaces a form strips left out."""
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    return str(value).replace("\r\n", "\n").strip()


def fingerprint(value) -> str:
    return hashlib.sha1(normal(value).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Opened:
    """What a page showed when it opened: each field's fingerprint, and the last History
    entry it saw."""

    fingerprints: dict[str, str]
    last_entry: int = 0


#: The longest token read: a map's page with hundreds of translated fields stays far below.
MAX_TOKEN = 1_000_000


def opened_token(state: dict[str, str], last_entry: int) -> str:
    """The hidden form value that remembers the state a page was opened at."""
    prints = {name: fingerprint(value) for name, value in state.items()}
    return json.dumps({"e": last_entry, "f": prints}, separators=(",", ":"))


def read_token(text: str | None) -> Opened | None:
    """The state a posted page was opened at; None when it carries none (a page opened
    before this protection, or a forged post: too long, nested, a number out of range)."""
    if not text or len(text) > MAX_TOKEN:
        return None
    try:
        data = json.loads(text)
        prints, last = data["f"], data["e"]
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    if not isinstance(prints, dict) or not isinstance(last, int) or not 0 <= last <= LARGEST:
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in prints.items()):
        return None
    return Opened(prints, last)


@dataclass
class Merge:
    """The three-way comparison of a save."""

    #: The form's values: the typed ones where this editor changed them, else the stored ones.
    values: dict[str, str] = field(default_factory=dict)
    #: The fields changed since the page opened, with the value stored now (None: removed).
    theirs: dict[str, str | None] = field(default_factory=dict)
    #: The fields this save changes.
    mine: set[str] = field(default_factory=set)
    #: The fields both changed, differently.
    clashes: set[str] = field(default_factory=set)

    @property
    def stale(self) -> bool:
        """Whether anything changed since the page opened."""
        return bool(self.theirs)


def merge(opened: Opened | None, mine: dict[str, str], current: dict[str, str]) -> Merge:
    """Compare what a page showed (``opened``), what it posts (``mine``: the fields the page
    writes) and what is stored (``current``). Without ``opened`` every posted value that
    differs from the stored one counts as changed by both."""
    result = Merge()
    names = mine.keys() | current.keys() | (opened.fingerprints.keys() if opened else set())
    for name in sorted(names):
        now, typed = current.get(name), mine.get(name)
        if opened is None:
            theirs_changed = normal(now) != normal(typed)
            mine_changed = name in mine
        else:
            shown = opened.fingerprints.get(name, fingerprint(None))
            theirs_changed = fingerprint(now) != shown
            mine_changed = name in mine and fingerprint(typed) != shown
        if theirs_changed:
            result.theirs[name] = now
        if mine_changed:
            result.mine.add(name)
            result.values[name] = typed
            if theirs_changed and normal(typed) != normal(now):
                result.clashes.add(name)
        elif now is not None:
            result.values[name] = now
    return result


def content_fingerprint(content: dict) -> str:
    """A fingerprint of a whole map's content: what a Publish or Discard page showed."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:16]
