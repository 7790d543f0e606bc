"""The map's History: every editorial action, who did it and when, in plain words, written
alike from the admin, the commands and code (advisor.actions). Publishing, restoring and
discarding also write one INFO log line, where operators look (Heroku's logs)."""

import logging

from django.db.models import Q

from advisor.models import HistoryEntry, Map

logger = logging.getLogger("advisor.history")
Action = HistoryEntry.Action
#: Actions that change the draft: their authors wait for a publisher's review.
DRAFT_ACTIONS = (
    Action.ADDED,
    Action.CHANGED,
    Action.DELETED,
    Action.TRANSLATED,
    Action.DISCARDED,
    Action.RESTORED,
    Action.UPLOADED,
)
#: Actions that also go to the log.
LOGGED = (Action.PUBLISHED, Action.ROLLED_BACK, Action.RESTORED, Action.DISCARDED)
#: Actions that rewrite many steps at once: they count as a change of every step.
WHOLE_MAP = (Action.RESTORED, Action.ROLLED_BACK, Action.DISCARDED, Action.UPLOADED)


def record(
    map_obj: Map | None,
    action: str,
    summary: str,
    *,
    user=None,
    command: str = "",
    step_id: int | None = None,
) -> HistoryEntry:
    """Write one History entry (``map_obj`` None: the bot texts, which every map shows)."""
    entry = HistoryEntry.objects.create(
        map=map_obj,
        step_id=step_id,
        user=user if user is not None and user.is_authenticated else None,
        command=command,
        action=action,
        summary=summary,
    )
    if action in LOGGED:
        where = f"map '{map_obj.slug}'" if map_obj else "bot texts"
        logger.info("%s: %s (by %s)", where, summary, entry.who)
    return entry


def of_map(map_id: int):
    """The map's History, newest first: its own entries and the bot texts'."""
    return HistoryEntry.objects.filter(Q(map_id=map_id) | Q(map__isnull=True)).select_related(
        "user"
    )


def of_step(step_id: int):
    """The entries about one step, newest first."""
    return HistoryEntry.objects.filter(step_id=step_id).select_related("user")


def last_entry_id(map_id: int | None) -> int:
    """The newest entry of a map (None: of the bot texts), 0 for none: where a page's view of
    the History ends when it opens."""
    entries = HistoryEntry.objects.filter(map_id=map_id, map__isnull=map_id is None)
    return entries.order_by("-id").values_list("id", flat=True).first() or 0


def entries_since(map_id: int | None, after: int, step_id: int | None = None) -> list:
    """What happened after entry ``after``, oldest first: to the step ``step_id``, or with
    none to the map's own settings (None map: to the bot texts), and what rewrote the map."""
    about = Q(step_id=step_id) if step_id else Q(step_id__isnull=True)
    entries = HistoryEntry.objects.filter(map_id=map_id, map__isnull=map_id is None, id__gt=after)
    return list(
        entries.filter(about | Q(action__in=WHOLE_MAP)).select_related("user").order_by("id")
    )


def entries_after(map_id: int, after: int) -> list:
    """Everything recorded of a map after entry ``after``, oldest first."""
    entries = HistoryEntry.objects.filter(map_id=map_id, id__gt=after).select_related("user")
    return list(entries.order_by("id"))


def waiting_authors(map_obj: Map) -> list[HistoryEntry]:
    """The latest draft change of each editor since the live version was published (all of
    them for a map never published), newest first."""
    entries = HistoryEntry.objects.filter(map=map_obj, action__in=DRAFT_ACTIONS)
    if map_obj.live_version is not None:
        entries = entries.filter(at__gt=map_obj.live_version.published_at)
    latest: dict[str, HistoryEntry] = {}
    for entry in entries.select_related("user").order_by("-id")[:200]:
        latest.setdefault(entry.who, entry)
    return list(latest.values())
