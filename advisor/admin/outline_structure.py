"""The outline's in-place edits of its shape, one request each (htmx): add an answer under
a step, reorder a step's answers, delete a step. They answer as the rewording forms do
(advisor.admin.outline_forms): the outline as it is now, or a refused form again in its own
place. Thin: the edits are advisor.actions.outline's."""

from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.utils.html import format_html

from advisor.actions.outline import AddAnswer, DeleteStep, ReorderAnswers
from advisor.admin.change_phrases import who_and_when
from advisor.admin.outline import fragment
from advisor.admin.outline_forms import again, editable, posted, saved, storable, token_of
from advisor.conflict_check import Stale
from advisor.core.conflicts import Opened, fingerprint, read_token
from advisor.core.params import number_list, whole_number
from advisor.core.texts import start_of
from advisor.loading import draft_graph
from advisor.models import Map, Node
from advisor.outline_edits import EditRefused, incoming_state, leading_to


def picked(map_obj: Map, step_id: int | None, skip: int | None = None) -> list:
    """The step a refused form had picked (one of the map's, not ``skip``), as the choices
    the form shows it ticked in: what the editor chose comes back as it was left."""
    node = draft_graph(map_obj.pk).nodes.get(step_id) if step_id is not None else None
    return [(node, "")] if node is not None and node.id != skip else []


ANSWER_FIELDS = (
    "label",
    "summary",
    "leads",
    "target",
    "new_text",
    "new_kind",
    "new_doc_url",
    "new_key",
)


def answer_page(model_admin, request, map_id, step_id):
    """Add an answer under a step, leading to a step of the map or to a new one."""
    map_obj = editable(model_admin, request, map_id)
    step = get_object_or_404(Node, pk=step_id, map=map_obj)
    context = {"original": map_obj, "step": step, "kinds": Node.Kind.choices}
    if request.method == "GET":
        values = {"leads": "new", "new_kind": Node.Kind.RECOMMENDATION}
        return fragment(request, "answer_form.html", values=values, **context)
    values = posted(request, ANSWER_FIELDS)
    to_existing = values.get("leads") == "existing"
    target = values.get("target", "")
    new = {name[4:]: values.get(name, "") for name in ANSWER_FIELDS if name.startswith("new_")}
    try:
        storable(values)
        if to_existing and whole_number(target) is None:
            raise EditRefused({"target": "Pick the step this answer leads to."})
        action = AddAnswer(
            map_obj,
            step.pk,
            values.get("label", ""),
            summary=values.get("summary", ""),
            target_id=whole_number(target) if to_existing else None,
            new=None if to_existing else new,
            user=request.user,
        )
        button, _ = action.execute()
    except EditRefused as refused:
        return again(
            request,
            "answer_form.html",
            f"slot-{step.pk}",
            values=values,
            errors=refused.errors,
            picked=picked(map_obj, whole_number(target)) if to_existing else [],
            **context,
        )
    return saved(request, map_obj, f"button-{button.pk}")


def order_page(model_admin, request, map_id, step_id):
    """POST the step's answers in a new order (``order``), the order the outline showed them
    in (``was``) and the answer moved (``moved``, which keeps the focus); nothing else (a GET
    changes nothing)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    map_obj = editable(model_admin, request, map_id)
    step = get_object_or_404(Node, pk=step_id, map=map_obj)
    since = whole_number(request.POST.get("since")) or 0
    shown = Opened({"order": fingerprint(request.POST.get("was", ""))}, since)
    order = number_list(request.POST.get("order", ""))
    try:
        ReorderAnswers(map_obj, step.pk, order, opened=shown, user=request.user).execute()
    except (EditRefused, Stale) as refused:
        if isinstance(refused, Stale):
            reason = who_and_when(refused.entries, "these answers", request.user.get_username())
        else:
            reason = str(refused)
        return saved(
            request,
            map_obj,
            f"step-{step.pk}",
            f"Not moved: {reason}. Here they are as they are now.",
        )
    moved = request.POST.get("moved", "")  # the answer moved (by a key, a drag): focused again
    moved_shown = moved and moved in request.POST.get("order", "").split(",")
    return saved(request, map_obj, f"button-{moved}" if moved_shown else f"step-{step.pk}")


def leading_button(button) -> str:
    """A button that leads to the step being deleted, as the outline names it."""
    return format_html(
        "“{}” under “{}” <span class='step-key'>{}</span>",
        button.label,
        start_of(button.node.text),
        button.node.key,
    )


def delete_page(model_admin, request, map_id, step_id):
    """GET: what deleting the step does to the buttons that lead to it, and the choice of
    removing or redirecting them; POST: delete it."""
    map_obj = editable(model_admin, request, map_id)
    step = get_object_or_404(Node.objects.select_related("map"), pk=step_id, map=map_obj)
    leading = list(leading_to(step))
    context = {
        "original": map_obj,
        "step": step,
        "leading": [leading_button(button) for button in leading],
        "is_start": map_obj.start_node_id == step.pk,
        "own": step.buttons.count(),
    }
    if request.method == "GET":
        return fragment(
            request,
            "delete_form.html",
            opened=token_of(map_obj, incoming_state(step, leading)),
            **context,
        )
    redirect = whole_number(request.POST.get("redirect"))
    redirecting = request.POST.get("then") == "redirect" or context["is_start"]
    context["values"] = {"then": "redirect" if redirecting else "remove"}
    context["picked"] = picked(map_obj, redirect, skip=step.pk) if redirecting else []
    try:
        if redirecting and redirect is None:
            raise EditRefused({"redirect": "Pick the step the buttons lead to instead."})
        action = DeleteStep(
            map_obj,
            step.pk,
            redirect if redirecting else None,
            opened=read_token(request.POST.get("opened")),
            user=request.user,
        )
        action.execute()
    except EditRefused as refused:
        token = request.POST.get("opened", "")
        return again(
            request,
            "delete_form.html",
            f"slot-{step.pk}",
            errors=refused.errors,
            opened=token,
            **context,
        )
    except Stale as stale:
        token = token_of(map_obj, incoming_state(step, leading))
        message = who_and_when(
            stale.entries, "this step or the buttons that lead to it", request.user.get_username()
        )
        return again(
            request,
            "delete_form.html",
            f"slot-{step.pk}",
            message=f"{message}: nothing was deleted. Look again.",
            opened=token,
            **context,
        )
    return saved(request, map_obj, "outline-title", "Deleted")
