"""What the pages that list many independent texts share (Translate, Bot texts): each text
carries a fingerprint of the value it showed (``was-<field>``), and the page the History
entry it saw last (``since``): a save writes only the texts this editor changed, through the
one conflict check (advisor.conflict_check). Another editor's newer texts stay; a text both
changed differently refuses the save, with the other value beside the typed one."""

from django.utils.html import format_html

from advisor.admin.change_phrases import who_and_when
from advisor.conflict_check import Scope, Stale, check
from advisor.core.conflicts import Merge, Opened, fingerprint
from advisor.core.params import whole_number


def text_check(post, current: dict[str, str], names, scope: Scope) -> Merge:
    """The comparison of the posted texts ``names``, Stale on a clash; a post missing a
    text's fingerprint (a page older than this check) counts every difference as a clash."""
    shown = {name: post.get(f"was-{name}") for name in names}
    opened = Opened(shown) if all(shown.values()) else None
    mine = {name: post.get(name, "") for name in names}
    stored = {name: current.get(name, "") for name in names}
    return check(opened, mine, stored, scope, since=whole_number(post.get("since")) or 0)


def shown_fingerprints(post, current: dict[str, str], names) -> dict[str, str]:
    """What each text's ``was-`` field carries: the posted one while a refused or invalid
    save is shown again, else the stored value's."""
    posted = post or {}
    return {name: posted.get(f"was-{name}") or fingerprint(current.get(name)) for name in names}


def refused_data(post, result: Merge, current: dict[str, str], names):
    """The posted data as a refused save shows it again: the typed texts where this editor
    changed them, the stored ones elsewhere, every fingerprint now the stored value's."""
    data = post.copy()
    for name in names:
        data[name] = result.values.get(name, "")
        data[f"was-{name}"] = fingerprint(current.get(name))
    return data


def clashing(stale: Stale) -> dict[str, str | None]:
    """The other editor's value of each text both changed, shown beside the typed one."""
    return {name: stale.result.theirs[name] for name in stale.result.clashes}


def clash_message(stale: Stale, label_of, me: str) -> str:
    """Why the save was refused: who changed which of the same texts, and when."""
    names = ", ".join(label_of(name) for name in sorted(stale.result.clashes))
    return format_html(
        "{}: {}. Nothing was saved. Your wording is kept below, theirs beside it; where "
        "you had not typed anything, the form now shows theirs. Choose, then save again.",
        who_and_when(stale.entries, "the same texts", me),
        names,
    )
