"""The outline on the map's page: the steps in conversation order (a big map's first levels),
a folded branch unfolded, a search that reveals a step. Thin: the outline is
advisor.core.outline's. Its in-place edits are in outline_forms and outline_structure."""

from django.http import Http404
from django.template.response import TemplateResponse
from django_htmx.http import trigger_client_event

from advisor import history
from advisor.actions import CHANGE
from advisor.admin.pages import recommendation_ratings, viewable_map
from advisor.admin.publishing import status_line
from advisor.core.outline import OPEN_LIMIT, UNFOLD_LEVELS, Outline
from advisor.core.params import number_list, whole_number
from advisor.loading import draft_graph
from advisor.models import Map
from advisor.versions import unpublished_changes

TEMPLATES = "admin/advisor/outline/"


def may_edit(request, map_obj: Map) -> bool:
    return request.user.has_perm(CHANGE) and map_obj.archived_at is None


def ids(text: str) -> set[int]:
    return set(number_list(text))


def outline_context(map_obj: Map, request, opened: set[int] | None = None, reveal=None) -> dict:
    """What the outline's template needs: the rows (the steps in ``opened`` unfolded, by
    default the first levels; the path to ``reveal`` unfolded too), the steps changed since
    the live version, where the History stood, and the recommendations' ratings."""
    outline = Outline.of(draft_graph(map_obj.pk))
    ratings = recommendation_ratings(request, outline.graph)
    shown = outline.default_open() if opened is None else opened & set(outline.places)
    if reveal in outline.places:
        shown |= set(outline.path(reveal)[:-1])
    rows, unreached = outline.rows(shown)
    changes = unpublished_changes(map_obj)
    return {
        "original": map_obj,
        "rows": rows,
        "unreached": unreached,
        "changed": {change.step_id for change in changes if change.step_id},
        "may_change": may_edit(request, map_obj),
        "since": history.last_entry_id(map_obj.pk),
        "status": status_line(map_obj, changes),
        "count": len(changes),
        "big": len(outline.order) > OPEN_LIMIT,
        "ratings": ratings,
        "tinted": any(rating.tinted for rating in ratings.values()),
    }


def fragment(request, template: str, **context) -> TemplateResponse:
    return TemplateResponse(request, TEMPLATES + template, context)


def tree(request, map_obj: Map, saved: str = "", focus: str = "") -> TemplateResponse:
    """The outline as it is now, the unfolded steps kept (the request's ``open``), with
    the status line and what was saved swapped in beside it."""
    opened = ids(request.POST.get("open", request.GET.get("open", "")))
    reveal = whole_number(request.GET.get("reveal"))
    context = outline_context(map_obj, request, opened or None, reveal)
    response = fragment(request, "tree.html", saved=saved, **context)
    if focus:
        trigger_client_event(response, "outlineFocus", {"id": focus}, after="settle")
    return response


def outline_page(model_admin, request, map_id):
    """GET: the outline (``?open=`` the unfolded steps, ``?reveal=`` a step to show)."""
    return tree(request, viewable_map(model_admin, request, map_id))


def branch_page(model_admin, request, map_id, step_id):
    """GET: one step's branch, unfolded a few levels (a folded step opened)."""
    map_obj = viewable_map(model_admin, request, map_id)
    outline = Outline.of(draft_graph(map_obj.pk))
    if step_id not in outline.places:
        raise Http404("No such step in this map.")
    context = outline_context(map_obj, request, opened=set())
    row = outline.branch(step_id, ids(request.GET.get("open", "")), levels=UNFOLD_LEVELS)
    return fragment(request, "step.html", **{**context, "row": row})


def search_page(model_admin, request, map_id):
    """GET ?q=: the steps and buttons holding the words, to reveal in the outline (or, with
    ?choose=name, to pick as a radio list of that name)."""
    map_obj = viewable_map(model_admin, request, map_id)
    outline = Outline.of(draft_graph(map_obj.pk))
    found = outline.search(request.GET.get("q", ""))
    skip = whole_number(request.GET.get("skip"))
    found = [(node, what) for node, what in found if node.id != skip]
    choose = request.GET.get("choose", "")
    template = "choices.html" if choose else "found.html"
    return fragment(
        request, template, original=map_obj, found=found, name=choose, q=request.GET.get("q", "")
    )
