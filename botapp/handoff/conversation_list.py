"""The admin's "Conversations" page: every conversation handed to the team, newest first, with
the map and step it started from, who answered, how soon, and whether the user found it
helpful; never what was said (it is not stored). Read-only, for Map editors and publishers."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from advisor.models import Node
from botapp.analytics.asked import wait_in_words
from botapp.handoff.models import Conversation
from botapp.handoff.read_only import ReadOnlyForMapReaders


class OpenOrClosed(admin.SimpleListFilter):
    title = "open or closed"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("closed", "Closed")]

    def queryset(self, request, queryset):
        if self.value() in ("open", "closed"):
            return queryset.filter(closed_at__isnull=self.value() == "open")
        return queryset


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyForMapReaders):
    list_display = [
        "opened_at",
        "user",
        "map",
        "step",
        "answered_by",
        "first_answer_after",
        "found_helpful",
        "closed",
    ]
    list_display_links = None
    list_filter = [OpenOrClosed, "map"]
    list_select_related = ["map"]
    ordering = ["-opened_at", "-pk"]
    list_per_page = 50
    # The page reads like a log: no search over people's names, no per-row actions.
    actions = None

    def get_queryset(self, request):
        step = Node.objects.filter(pk=OuterRef("node_id")).values("key")[:1]
        return super().get_queryset(request).annotate(step_key=Subquery(step))

    @admin.display(description="user")
    def user(self, conversation):
        name = conversation.first_name or "—"
        return f"{name} (@{conversation.username})" if conversation.username else name

    @admin.display(description="step it started from")
    def step(self, conversation):
        if conversation.step_key is None:
            return "—" if conversation.node_id is None else "a step deleted since"
        page = reverse("admin:advisor_node_change", args=[conversation.node_id])
        return format_html('<a href="{}">{}</a>', page, conversation.step_key)

    @admin.display(description="answered by")
    def answered_by(self, conversation):
        return conversation.answered_by_name or "—"

    @admin.display(description="first answer after")
    def first_answer_after(self, conversation):
        if conversation.first_answer_at is None:
            return "no answer yet" if conversation.closed_at is None else "no answer"
        wait = conversation.first_answer_at - conversation.opened_at
        return wait_in_words(wait)

    @admin.display(description="helpful?")
    def found_helpful(self, conversation):
        return {True: "Yes", False: "No", None: "—"}[conversation.helpful]

    @admin.display(description="closed")
    def closed(self, conversation):
        if conversation.closed_at is None:
            return "open"
        closer = conversation.get_closed_by_display()
        when = timezone.localtime(conversation.closed_at).strftime("%Y-%m-%d %H:%M")
        return f"{when}, by {closer}" if closer else when
