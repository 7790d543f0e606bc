"""The analytics page of each map, for editors, under the admin."""

from datetime import date, timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from advisor.graph import draft_graph, live_graph
from advisor.models import Map
from botapp.models import HandledUpdate

#: The language filter's value for chats whose language Telegram did not send.
NO_LANGUAGE = "none"
#: Bars shown in the chart, most reached first.
CHART_BARS = 20
BAR_HEIGHT = 22
CHART_WIDTH = 420
DAYS_CHART_HEIGHT = 80
#: The ranges one click away ("days" in the query), the first the default.
PERIODS = {"30": "Last 30 days", "7": "Last 7 days", "all": "All time"}


def parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def chosen_range(query) -> tuple[date | None, date | None, str | None]:
    """The days asked for: since and until (inclusive, None: open) and the period chosen
    (None for dates typed in); the last 30 days unless asked otherwise."""
    since, until = parse_day(query.get("since")), parse_day(query.get("until"))
    if since or until:
        return since, until, None
    period = query.get("days") if query.get("days") in PERIODS else next(iter(PERIODS))
    if period == "all":
        return None, None, period
    return timezone.localdate() - timedelta(days=int(period) - 1), None, period


def chart_bars(stats) -> list[dict]:
    """Bar geometry for the SVG chart: reached in full, the part that left there darker."""
    shown = [node for node in stats.nodes if node.reached.value][:CHART_BARS]
    scale = CHART_WIDTH / max((node.reached.value for node in shown), default=1)
    return [
        {
            "node": node,
            "y": index * BAR_HEIGHT,
            "width": max(1, round(node.reached.value * scale)),
            "left_width": round(node.left_here * scale),
        }
        for index, node in enumerate(shown)
    ]


def day_bars(days: list[tuple[date, int]], since: date | None, until: date | None) -> list[dict]:
    """Bar geometry for the chats-per-day chart: a bar per day of the range, from its first
    day (all time: the first day with chats) to its last (at most today), oldest first."""
    if not days:
        return []
    chats = dict(days)
    first, last = since or days[0][0], min(until or date.max, timezone.localdate())
    shown = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    width = max(2, min(24, CHART_WIDTH * 2 // len(shown)))
    tallest = max(chats.values())
    bars = []
    for index, day in enumerate(shown):
        height = round(chats.get(day, 0) * DAYS_CHART_HEIGHT / tallest)
        bars.append(
            {
                "day": day,
                "chats": chats.get(day, 0),
                "x": index * width,
                "width": width - 1,
                "y": DAYS_CHART_HEIGHT - height,
                "height": height,
            }
        )
    return bars


@admin.register(HandledUpdate)
class HandledUpdateAdmin(admin.ModelAdmin):
    """The raw records stay read-only; the useful view is each map's analytics page."""

    list_display = ["handled_at", "chat_id", "kind", "map", "node"]
    list_filter = ["kind", "map"]
    list_select_related = ["map", "node"]  # one query for the page, not two per row
    date_hierarchy = "handled_at"
    # Counting millions of rows twice (filtered and not) would double the page's time.
    show_full_result_count = False

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
        # Imported here: the sketches' library (with numpy, 15 MB) stays out of the workers
        # until someone opens this page; the webhook never needs it.
        from botapp.analytics import languages_seen, map_stats

        since, until, period = chosen_range(request.GET)
        language = request.GET.get("language") or None  # "none": chats Telegram sent none for
        wanted = "" if language == NO_LANGUAGE else language
        graphs = [graph for graph in (draft_graph(map_id), live_graph(map_id)) if graph]
        stats = map_stats(graphs, since, until, wanted)
        bars, days = chart_bars(stats), day_bars(stats.days, since, until)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Analytics: {map_obj}",
            "opts": Map._meta,
            "original": map_obj,
            "stats": stats,
            # The date fields hold typed dates only; a period stays a period (its hidden field).
            "since": since if period is None else None,
            "until": until,
            "period": period,
            "periods": PERIODS,
            "language": language,
            "languages": languages_seen(map_id),
            "bars": bars,
            "chart_height": len(bars) * BAR_HEIGHT,
            "chart_width": CHART_WIDTH,
            "day_bars": days,
            "days_chart_width": sum(bar["width"] + 1 for bar in days),
            "days_chart_height": DAYS_CHART_HEIGHT,
        }
        return TemplateResponse(request, "admin/botapp/analytics.html", context)
