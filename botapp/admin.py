"""The analytics page of each map, for editors, under the admin."""

from datetime import date, datetime, time, timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from advisor.graph import draft_graph
from advisor.models import Map
from botapp.analytics import map_stats
from botapp.models import HandledUpdate

#: The language filter's value for chats whose language Telegram did not send.
NO_LANGUAGE = "none"
#: Bars shown in the chart, most reached first.
CHART_BARS = 20
BAR_HEIGHT = 22
CHART_WIDTH = 420


def parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def day_start(day: date | None) -> datetime | None:
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


def chart_bars(stats) -> list[dict]:
    """Bar geometry for the SVG chart: reached in full, the part that left there darker."""
    shown = [node for node in stats.nodes if node.reached][:CHART_BARS]
    scale = CHART_WIDTH / max((node.reached for node in shown), default=1)
    return [
        {
            "node": node,
            "y": index * BAR_HEIGHT,
            "width": max(1, round(node.reached * scale)),
            "left_width": round(node.left_here * scale),
        }
        for index, node in enumerate(shown)
    ]


@admin.register(HandledUpdate)
class HandledUpdateAdmin(admin.ModelAdmin):
    """The raw records stay read-only; the useful view is each map's analytics page."""

    list_display = ["handled_at", "chat_id", "kind", "map", "node"]
    list_filter = ["kind", "map"]
    date_hierarchy = "handled_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        analytics = self.admin_site.admin_view(self.analytics_view)
        return [
            path("analytics/<int:map_id>/", analytics, name="botapp_map_analytics"),
            *super().get_urls(),
        ]

    def analytics_view(self, request, map_id: int):
        if not request.user.has_perm("advisor.view_map"):
            raise PermissionDenied
        map_obj = get_object_or_404(Map, pk=map_id)
        since, until = parse_day(request.GET.get("since")), parse_day(request.GET.get("until"))
        end = day_start(until + timedelta(days=1)) if until else None
        language = request.GET.get("language") or None  # "none": chats Telegram sent none for
        wanted = "" if language == NO_LANGUAGE else language
        stats = map_stats(draft_graph(map_id), day_start(since), end, wanted)
        bars = chart_bars(stats)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Analytics: {map_obj}",
            "opts": Map._meta,
            "original": map_obj,
            "stats": stats,
            "since": since,
            "until": until,
            "language": language,
            "languages": sorted(
                HandledUpdate.objects.filter(map_id=map_id)
                .values_list("language", flat=True)
                .distinct()
            ),
            "bars": bars,
            "chart_height": len(bars) * BAR_HEIGHT,
            "chart_width": CHART_WIDTH,
        }
        return TemplateResponse(request, "admin/botapp/analytics.html", context)
