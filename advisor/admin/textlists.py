"""What the pages that list many independent texts share (Translate, Bot texts): each text
carries a fingerprint of the value it showed (``was-<field>``), so a save writes only the
texts this editor changed. Another editor's newer texts stay; a text both changed
differently refuses the save, with the other value beside the typed one."""

from django.utils.html import format_html

from advisor.admin.guarded import who_and_when
from advisor.core.conflicts import Merge, Opened, fingerprint, merge


def text_merge(post, current: dict[str, str], names) -> Merge:
    """The three-way comparison of the posted texts ``names``; a post missing a text's
    fingerprint (a page older than this check) counts every difference as a clash."""
    shown = {name: post.get(f"was-{name}") for name in names}
    opened = Opened(shown) if all(shown.values()) else None
    mine = {name: post.get(name, "") for name in names}
    return merge(opened, mine, {name: current.get(name, "") for name in names})


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


def clash_message(result: Merge, entries, label_of, me: str) -> str:
    """Why the save was refused: who changed which of the same texts, and when."""
    names = ", ".join(label_of(name) for name in sorted(result.clashes))
    return format_html(
        "{}: {}. Nothing was saved. Your wording is kept below, theirs beside it; where "
        "you had not typed anything, the form now shows theirs. Choose, then save again.",
        who_and_when(entries, "the same texts", me),
        names,
    )
