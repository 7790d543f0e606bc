"""The pages of hostile_requests' test: every admin page of a map, its steps, the step
search and the analytics, with the values each reads, on a map set up for them (the pages
it posts to are in hostile_posts)."""

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from advisor.models import Map, Node
from botapp.models import HandledUpdate, Reason
from tests.editing.maps import Q, R, make_map

#: A number too big for any database integer.
HUGE = 10**30


@dataclass
class Ids:
    """The map the requests are about, with a step with answers, one without, a button."""

    map: int
    step: int
    leaf: int
    button: int
    other_button: int
    version: int
    reason: int
    language: str = "es"


def setting_up() -> Ids:
    map_obj = Map.objects.get(slug="sklearn")
    step = map_obj.start_node
    leaf = map_obj.nodes.filter(kind=Node.Kind.RECOMMENDATION).order_by("pk").first()
    buttons = list(step.buttons.order_by("order"))
    make_map({"a": (Q, [("Yes", "b")]), "b": (R, [])}, slug="other")
    now = timezone.now()
    for days in (0, 3):
        HandledUpdate.objects.create(
            update_id=days,
            chat_id=7,
            kind="start",
            map=map_obj,
            node=leaf,
            handled_at=now - timedelta(days=days),
            language="en",
        )
    reason = Reason.objects.create(
        map=map_obj, node_id=leaf.pk, key=leaf.key, text="a reason", language="en"
    )
    assert map_obj.languages.filter(code="es").exists() and len(buttons) > 1
    return Ids(
        map_obj.pk,
        step.pk,
        leaf.pk,
        buttons[0].pk,
        buttons[1].pk,
        map_obj.live_version.number,
        reason.pk,
    )


def pages(ids: Ids) -> list[tuple[str, dict]]:
    """Every page a GET reaches, with the query parameters it reads (valid values)."""
    m, s, leaf, b = ids.map, ids.step, ids.leaf, ids.button
    outline = f"/admin/advisor/map/{m}/outline/"
    by_id = {"open": f"{s},{leaf}", "reveal": str(leaf)}
    analytics = {
        **{"since": "2026-01-01", "until": "2026-12-31", "days": "7"},
        **{"language": "en", "channel": "web"},
    }
    return [
        (reverse("admin:advisor_map_changelist"), {"q": "a", "o": "1", "archived": "yes"}),
        (reverse("admin:advisor_map_add"), {}),
        (reverse("admin:advisor_map_change", args=[m]), {"version": "live", **by_id}),
        (reverse("admin:advisor_map_history", args=[m]), {"p": "1"}),
        (reverse("admin:advisor_map_delete", args=[m]), {}),
        (reverse("admin:advisor_map_import"), {}),
        (reverse("admin:advisor_bot_texts"), {"language": "es"}),
        (f"/admin/advisor/map/{m}/check/", {"version": str(ids.version)}),
        (
            f"/admin/advisor/map/{m}/preview/",
            {"version": "live", "send": "/start", "press": "g:1:1:1", "language": "es"},
        ),
        (f"/admin/advisor/map/{m}/picture/{'0' * 64}/", {}),
        (f"/admin/advisor/map/{m}/download/", {}),
        (f"/admin/advisor/map/{m}/changes/", {"compare": str(ids.version)}),
        (f"/admin/advisor/map/{m}/discard/", {}),
        (f"/admin/advisor/map/{m}/publish/", {}),
        (f"/admin/advisor/map/{m}/versions/", {}),
        (f"/admin/advisor/map/{m}/versions/{ids.version}/restore/", {"publish": "1"}),
        (f"/admin/advisor/map/{m}/translate/{ids.language}/", {"show": "all"}),
        (f"/admin/advisor/map/{m}/archive/", {}),
        (f"/admin/advisor/map/{m}/unarchive/", {}),
        (outline, by_id),
        (f"{outline}search/", {"q": "a", "skip": str(s), "choose": "target"}),
        (f"{outline}{s}/", {"open": str(leaf)}),
        (f"{outline}{s}/edit/", {}),
        (f"{outline}{s}/answer/", {}),
        (f"{outline}{s}/order/", {}),
        (f"{outline}{leaf}/order/", {}),
        (f"{outline}{s}/delete/", {}),
        (f"{outline}button/{b}/", {}),
        (reverse("admin:advisor_node_changelist"), {"q": "a", "map__id__exact": str(m)}),
        (reverse("admin:advisor_node_add"), {"map": str(m)}),
        (reverse("admin:advisor_node_change", args=[s]), {}),
        (reverse("admin:advisor_node_delete", args=[s]), {}),
        (reverse("admin:advisor_node_history", args=[s]), {"p": "1"}),
        (
            reverse("admin:autocomplete"),
            {
                "app_label": "advisor",
                "model_name": "button",
                "field_name": "target",
                "term": "a",
                "map": str(m),
                "page": "1",
            },
        ),
        (reverse("admin:botapp_map_analytics", args=[m]), analytics),
        (reverse("admin:botapp_map_analytics_figures", args=[m]), analytics),
        (reverse("admin:botapp_map_analytics_reasons", args=[m]), analytics),
    ]


def named_in_the_issue(ids: Ids) -> list[tuple[str, dict]]:
    """The GETs issue 28 saw crash or stall, sent by both roles whatever the share."""
    m, s = ids.map, ids.step
    outline = f"/admin/advisor/map/{m}/outline/"
    analytics = reverse("admin:botapp_map_analytics", args=[m])
    search = {"app_label": "advisor", "model_name": "button", "field_name": "target"}
    return [
        (reverse("admin:autocomplete"), {**search, "term": "a\x00", "map": str(m)}),
        (reverse("admin:autocomplete"), {**search, "term": "a" * 100_000}),
        *[(reverse("admin:autocomplete"), {**search, "field_name": name}) for name in NAMES],
        (reverse("admin:autocomplete"), {**search, "model_name": "map", "field_name": "map"}),
        (analytics, {"language": "e\x00n"}),
        (analytics, {"channel": "w\x00eb"}),
        (analytics, {"since": "0001-01-01"}),
        (analytics, {"since": "1900-01-01", "until": "9999-12-31"}),
        (reverse("admin:botapp_map_analytics_reasons", args=[m]), {"until": "9999-12-31"}),
        (reverse("admin:advisor_map_change", args=[m]), {"version": "²", "open": "٣"}),
        (f"/admin/advisor/map/{m}/changes/", {"compare": "²"}),
        (outline, {"open": "²", "reveal": "٣"}),
        (f"{outline}search/", {"q": "a", "skip": "²"}),
        (reverse("admin:advisor_node_add"), {"map": "²"}),
        (reverse("admin:advisor_node_add"), {"map": str(HUGE)}),
        (reverse("admin:advisor_node_change", args=[s]), {"map": "²"}),
    ]


#: Fields the step search box was asked about: unknown, not a relation, another model's.
NAMES = ["zzz", "label", "node", "start_node", ""]


def elsewhere(ids: Ids) -> Ids:
    """Ids of nothing (too big for the database), or of another map's step."""
    other = Map.objects.get(slug="other").start_node
    return Ids(HUGE, other.pk, HUGE, other.buttons.get().pk, HUGE, HUGE, HUGE, "x" * 300)


def forged_object_ids() -> list[str]:
    """The admin's own pages of a map or a step named by what is no id."""
    return [
        f"/admin/advisor/{model}/{object_id}/{page}/"
        for model in ("map", "node")
        for object_id in ("abc", "²", str(HUGE))
        for page in ("change", "history", "delete")
    ]
