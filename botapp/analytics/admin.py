"""The analytics page of each map, for editors, under the admin."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from advisor.core.params import has_nul
from advisor.loading import draft_graph, live_graph
from advisor.models import Map, Node
from botapp.analytics.actions import DeleteReason
from botapp.analytics.exports import file_name
from botapp.models import Channel, HandledUpdate, Reason

#: The language filter's value for chats whose language Telegram did not send.
NO_LANGUAGE = "none"
#: Bars shown in the chart, most reached first.
CHART_BARS = 20
BAR_HEIGHT = 22
CHART_WIDTH = 420
DAYS_CHART_HEIGHT = 80
#: The most days without chats the chart shows before the first day with chats: a range
#: typed from 2015 draws no years of empty bars (thousands of them took seconds).
EMPTY_DAYS_SHOWN = 366
#: The ranges one click away ("days" in the query), the first the default.
PERIODS = {"30": "Last 30 days", "7": "Last 7 days", "all": "All time"}


#: The days a typed date is kept within: Telegram's bots began in 2015, so an earlier
#: day reads as its first, and a range never spans centuries of empty days.
EARLIEST_DAY, LATEST_DAY = date(2015, 1, 1), date(2999, 12, 31)


def parse_day(text: str | None) -> date | None:
    """A typed date (YYYY-MM-DD) within [EARLIEST_DAY, LATEST_DAY]; None when not a date."""
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return min(max(day, EARLIEST_DAY), LATEST_DAY) if day else None


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


#: The query's keys that choose the page's range, language and channel.
FILTER_KEYS = ("since", "until", "days", "language", "channel")


@dataclass(frozen=True)
class Filters:
    """The page's range, language and channel, as chosen_range and the filters read them."""

    since: date | None
    until: date | None
    period: str | None
    #: The filter's value: None for every language, NO_LANGUAGE for none sent.
    language: str | None
    #: The same as Telegram's code ("" for none sent), None for every language.
    code: str | None
    #: The query that chose them, for the page's links and forms.
    query: str
    #: A Channel's value, None for every channel.
    channel: str | None = None

    @classmethod
    def of(cls, query) -> "Filters":
        language = query.get("language") or None
        if has_nul(language):
            raise BadRequest("Not a language code.")
        code = "" if language == NO_LANGUAGE else language
        channel = query.get("channel") or None
        if channel not in (None, *Channel.values):
            raise BadRequest("Not a channel: telegram or web.")
        kept = urlencode([(key, query[key]) for key in FILTER_KEYS if query.get(key)])
        return cls(*chosen_range(query), language, code, kept, channel)

    @property
    def figures(self) -> tuple:
        """map_stats's arguments after the graphs."""
        return self.since, self.until, self.code, self.channel

    def file_name(self, slug: str, what: str) -> str:
        return file_name(slug, what, self.since, self.until, channel=self.channel)


def map_graphs(map_id: int) -> list:
    """The draft, then the live version (for steps the draft no longer has)."""
    return [graph for graph in (draft_graph(map_id), live_graph(map_id)) if graph]


def csv_download(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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
    day (all time: the first day with chats; at most EMPTY_DAYS_SHOWN before it) to its last
    (at most today), oldest first."""
    if not days:
        return []
    chats = dict(days)
    first = max(since or days[0][0], days[0][0] - timedelta(days=EMPTY_DAYS_SHOWN))
    last = min(until or date.max, timezone.localdate())
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

    list_display = ["handled_at", "chat_id", "channel", "kind", "map", "node"]
    list_filter = ["channel", "kind", "map"]
    list_select_related = ["map", "node"]  # one query for the page, not two per row
    date_hierarchy = "handled_at"
    # Counting millions of rows twice (filtered and not) would double the page's time.
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        def view(method):
            return self.admin_site.admin_view(method)

        return [
            path("analytics/<int:map_id>/", view(self.analytics_view), name="botapp_map_analytics"),
            path(
                "analytics/<int:map_id>/figures.csv",
                view(self.figures_csv),
                name="botapp_map_analytics_figures",
            ),
            path(
                "analytics/<int:map_id>/reasons.csv",
                view(self.reasons_csv),
                name="botapp_map_analytics_reasons",
            ),
            path(
                "analytics/reasons/<int:reason_id>/delete/",
                view(self.delete_reason),
                name="botapp_reason_delete",
            ),
            *super().get_urls(),
        ]

    def analytics_map(self, request, map_id: int) -> Map:
        """The map whose analytics are asked for, if the user may see them."""
        if not request.user.has_perm("advisor.view_map"):
            raise PermissionDenied
        return get_object_or_404(Map, pk=map_id)

    def analytics_view(self, request, map_id: int):
        map_obj = self.analytics_map(request, map_id)
        # Imported here: the sketches' library (with numpy, 15 MB) stays out of the workers
        # until someone opens this page; the webhook never needs it.
        from botapp.analytics.asked import wait_in_words
        from botapp.analytics.feedback_list import newest_reasons
        from botapp.analytics.stats import languages_seen, map_stats

        chosen = Filters.of(request.GET)
        since, until, period = chosen.since, chosen.until, chosen.period
        graphs = map_graphs(map_id)
        stats = map_stats(graphs, *chosen.figures)
        reasons, reasons_total = newest_reasons(graphs, *chosen.figures)
        bars, days = chart_bars(stats), day_bars(stats.days, since, until)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Analytics: {map_obj}",
            "opts": Map._meta,
            "original": map_obj,
            "stats": stats,
            "median_wait": wait_in_words(stats.asked and stats.asked.median_wait),
            "recommendations": [
                node for node in stats.nodes if node.kind == Node.Kind.RECOMMENDATION
            ],
            "reasons": reasons,
            "reasons_total": reasons_total,
            "reasons_kept_days": settings.FEEDBACK_RETENTION_DAYS,
            "can_delete_reasons": request.user.is_superuser,
            "query": chosen.query,
            # The date fields hold typed dates only; a period stays a period (its hidden field).
            "since": since if period is None else None,
            "until": until,
            "period": period,
            "periods": PERIODS,
            "language": chosen.language,
            "languages": languages_seen(map_id),
            "channel": chosen.channel,
            "channels": Channel.choices,
            "bars": bars,
            "chart_height": len(bars) * BAR_HEIGHT,
            "chart_width": CHART_WIDTH,
            "day_bars": days,
            "days_chart_width": sum(bar["width"] + 1 for bar in days),
            "days_chart_height": DAYS_CHART_HEIGHT,
        }
        return TemplateResponse(request, "admin/botapp/analytics.html", context)

    def figures_csv(self, request, map_id: int):
        """The page's figures, one row per step, for its range, language and channel."""
        map_obj = self.analytics_map(request, map_id)
        from botapp.analytics.exports import FIGURE_COLUMNS, csv_text, figure_rows
        from botapp.analytics.stats import map_stats

        chosen = Filters.of(request.GET)
        stats = map_stats(map_graphs(map_id), *chosen.figures)
        text = csv_text(FIGURE_COLUMNS, figure_rows(stats))
        return csv_download(text, chosen.file_name(map_obj.slug, "figures"))

    def reasons_csv(self, request, map_id: int):
        """Every reason of the page's range, language and channel, newest first."""
        map_obj = self.analytics_map(request, map_id)
        from botapp.analytics.exports import REASON_COLUMNS, csv_text, reason_rows
        from botapp.analytics.feedback_list import ReasonReader, reasons_in

        chosen = Filters.of(request.GET)
        reasons = ReasonReader(map_graphs(map_id)).read(reasons_in(map_id, *chosen.figures))
        text = csv_text(REASON_COLUMNS, reason_rows(reasons))
        return csv_download(text, chosen.file_name(map_obj.slug, "reasons"))

    @method_decorator(require_POST)
    def delete_reason(self, request, reason_id: int):
        """A superuser deletes what a user wrote (DeleteReason), on record."""
        action = DeleteReason(Reason.objects.filter(pk=reason_id).first(), user=request.user)
        action.check()
        if action.reason is None:
            raise Http404("No such reason.")
        map_id = action.reason.map_id
        action.execute()
        messages.success(request, "The reason was deleted.")
        page = reverse("admin:botapp_map_analytics", args=[map_id])
        query = Filters.of(request.GET).query
        return HttpResponseRedirect(f"{page}?{query}" if query else page)
