"""Connecting a team group: a publisher makes a one-time code in the admin; a member sends
``/connect CODE`` in the group; the bot checks the code, that the group has topics and that it
may manage them, and says plainly what to change if not."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from botapp.handoff.models import ConnectCode, TeamGroup

#: How long a code may be used.
CODE_LIFETIME = timedelta(hours=1)
WRONG_CODE = (
    "This code is wrong, used or expired. In the admin, press “Connect a team group” for a "
    "new one and send /connect with it here."
)
NOT_A_FORUM = (
    "This group has no topics. Turn on Topics in the group's settings (Edit → Topics), "
    "then send /connect with the code again."
)
NOT_ADMIN = (
    "I need to be an administrator of this group with the right to manage topics. Make me "
    "an administrator (Edit → Administrators → Add admin), tick “Manage topics”, then send "
    "/connect with the code again."
)
CONNECTED = (
    "Connected. Each person who asks for help gets a topic here; write in their topic to "
    "answer them, and press “✅ Resolved” (or send /close there) when done."
)


def make_code(user) -> ConnectCode:
    """A new one-time code made by ``user`` (a publisher)."""
    return ConnectCode.objects.create(
        code=secrets.token_hex(4).upper(),
        made_by=user,
        expires_at=timezone.now() + CODE_LIFETIME,
    )


def usable_code(code: str) -> ConnectCode | None:
    text = (code or "").strip().upper()
    if not text or len(text) > 32:
        return None
    return ConnectCode.objects.filter(
        code=text, used_at=None, expires_at__gt=timezone.now()
    ).first()


def connect(code: str, chat_id: int, title: str, member_id: int, member_name: str) -> str:
    """Store the group (the code used up); the answer for the group."""
    with transaction.atomic():
        found = usable_code(code)
        if found is None:
            return WRONG_CODE
        found = ConnectCode.objects.select_for_update().get(pk=found.pk)
        if found.used_at is not None:
            return WRONG_CODE
        group, _ = TeamGroup.objects.update_or_create(
            chat_id=chat_id,
            defaults={
                "title": title[:255],
                "connected_at": timezone.now(),
                "connected_by_id": member_id,
                "connected_by_name": member_name[:255],
                "code_made_by": found.made_by,
                "can_post": True,
                "problem": "",
                "problem_at": None,
            },
        )
        ConnectCode.objects.filter(pk=found.pk).update(used_at=timezone.now(), used_in=group)
    return CONNECTED


def rights_changed(chat_id: int, can_manage_topics: bool) -> None:
    """The bot was made an administrator again, or lost the right to manage topics."""
    problem = "" if can_manage_topics else "The bot may no longer manage topics."
    TeamGroup.objects.filter(chat_id=chat_id).update(
        can_post=can_manage_topics, problem=problem, problem_at=timezone.now()
    )
