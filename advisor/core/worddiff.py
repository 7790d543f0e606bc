"""Two wordings side by side, the words that differ marked: how the change list, the
History and a refused save show a rewording. Pure."""

import difflib
import re

from advisor.core.change_kinds import (
    BUTTON_RELABELLED,
    GOODBYE_CHANGED,
    GREETING_CHANGED,
    MESSAGE_REWORDED,
    OWN_WORD_CHANGED,
)
from advisor.core.markup import plain

#: Changes whose old and new wording show side by side, the changed words marked.
REWORDINGS = (
    MESSAGE_REWORDED,
    GREETING_CHANGED,
    GOODBYE_CHANGED,
    BUTTON_RELABELLED,
    OWN_WORD_CHANGED,
)


#: Rewordings of formatted texts: their words are compared, the formatting left out.
FORMATTED_TEXTS = (MESSAGE_REWORDED, GREETING_CHANGED, GOODBYE_CHANGED)


def shown_changes(changes) -> list[dict]:
    """Each change as a page lists it, a rewording with its old and new texts split into
    marked words (one that changed only the formatting is "reformatted": the page shows
    both texts formatted)."""
    shown = []
    for change in changes:
        before, after = change.old, change.new
        if change.what in FORMATTED_TEXTS:
            before, after = plain(before), plain(after)
            if before == after:  # only the formatting changed: show it, before and after
                shown.append({"change": change, "reformatted": True})
                continue
        old, new = marked_words(before, after) if change.what in REWORDINGS else ([], [])
        shown.append({"change": change, "old_words": old, "new_words": new})
    return shown


def marked_words(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both texts as words with their whitespace (joining the pieces gives the text back),
    each marked True where it was removed or changed (old) or added or changed (new)."""
    old_pieces, new_pieces = _pieces(old), _pieces(new)
    old_marks, new_marks = [False] * len(old_pieces), [False] * len(new_pieces)
    matcher = difflib.SequenceMatcher(
        None, [_word(p) for p in old_pieces], [_word(p) for p in new_pieces], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            old_marks[i1:i2] = [True] * (i2 - i1)
            new_marks[j1:j2] = [True] * (j2 - j1)
    marked_old = list(zip(old_pieces, old_marks, strict=True))
    return marked_old, list(zip(new_pieces, new_marks, strict=True))


def _pieces(text: str) -> list[str]:
    return re.findall(r"\s*\S+\s*|\s+", text)


def _word(piece: str) -> tuple[str, bool]:
    """A piece as compared: its word, and whether a line break goes with it."""
    return piece.strip(), "\n" in piece
