"""The outline's in-place edits, one request each (htmx): reword a step or a button, add an
answer, reorder a step's answers, delete a step. A GET gives the edit's small form (with the
state it was opened at), a POST saves and answers with the outline as it is now, the map's
status line and "Saved"; a refused POST answers with its form again in its own place, what
was typed kept and the reason where it was typed, and the row above it redrawn with the
wording stored now (out of band). Thin: the edits are advisor.actions.outline's."""

from dataclasses import dataclass

from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django_htmx.http import retarget

from advisor import history
from advisor.actions.outline import (
    AddAnswer,
    DeleteStep,
    EditButton,
    EditStep,
    OutlineEdit,
    ReorderAnswers,
    Stale,
)
from advisor.admin.guarded import who_and_when
from advisor.admin.outline import fragment, tree
from advisor.admin.pages import editable_map
from advisor.core.conflicts import Opened, fingerprint, opened_token, read_token
from advisor.core.params import NUL_MESSAGE, has_nul, number_list, whole_number
from advisor.loading import draft_graph
from advisor.models import Button, Map, Node
from advisor.outline_edits import (
    BUTTON_FIELDS,
    STEP_FIELDS,
    EditRefused,
    button_state,
    incoming_state,
    leading_to,
    step_state,
)
from advisor.pictures import MAX_BYTES, PictureError, store


def editable(model_admin, request, map_id) -> Map:
    """The map, if the user may edit its outline; the refusal every page gives otherwise."""
    return editable_map(model_admin, request, map_id, OutlineEdit)


def token_of(map_obj: Map, state: dict) -> str:
    return opened_token(state, history.last_entry_id(map_obj.pk))


def saved(request, map_obj: Map, focus: str, what: str = "Saved"):
    """The outline as it is now, after an edit."""
    map_obj = Map.objects.select_related("live_version").get(pk=map_obj.pk)
    return tree(request, map_obj, saved=what, focus=focus)


def again(request, template: str, slot: str, **context):
    """A refused edit's form again, in its own place (not the outline's)."""
    return retarget(fragment(request, template, **context), f"#{slot}")


def stale_context(request, stale: Stale, subject: str, values: dict, token: str) -> dict:
    """A form shown again after a clash: yours kept, theirs beside, the state now."""
    me = request.user.get_username()
    theirs = {name: stale.result.theirs[name] for name in stale.result.clashes}
    message = f"{who_and_when(stale.entries, subject, me)}: nothing was saved. "
    message += "Theirs is shown beside yours: keep one, then save again."
    return {
        "values": {**stale.result.values, **values},
        "theirs": theirs,
        "message": message,
        "opened": token,
    }


def posted(request, names) -> dict[str, str]:
    return {name: request.POST[name] for name in names if name in request.POST}


def picked(map_obj: Map, step_id: int | None, skip: int | None = None) -> list:
    """The step a refused form had picked (one of the map's, not ``skip``), as the choices
    the form shows it ticked in: what the editor chose comes back as it was left."""
    node = draft_graph(map_obj.pk).nodes.get(step_id) if step_id is not None else None
    return [(node, "")] if node is not None and node.id != skip else []


def storable(values: dict[str, str]) -> None:
    """EditRefused for a text with a NUL character, which no database column stores."""
    errors = {name: NUL_MESSAGE for name, value in values.items() if has_nul(value)}
    if errors:
        raise EditRefused(errors)


def posted_picture(request) -> dict[str, str]:
    """A step form's new picture, checked and stored, as its id ("" removes the picture);
    EditRefused in plain words for a file that cannot be a photo."""
    upload = request.FILES.get("new_picture")
    if upload:
        try:
            return {"picture_id": store(upload.read(MAX_BYTES + 1)).pk}
        except PictureError as error:
            raise EditRefused({"new_picture": str(error)}) from None
    return {"picture_id": ""} if request.POST.get("remove_picture") else {}


@dataclass(frozen=True)
class Reword:
    """What rewording a step or a button takes: its form, fields, state and action."""

    template: str
    fields: tuple
    state: object  # the row's values as the form shows them
    action: type
    subject: str  # how a refusal calls it
    name: str  # its ids' prefix: "step", "button"
    uploads: object = lambda request: {}  # the changes its files make (a step's picture)


STEP = Reword(
    "step_form.html", STEP_FIELDS, step_state, EditStep, "this step", "step", posted_picture
)
BUTTON = Reword(
    "button_form.html", BUTTON_FIELDS, button_state, EditButton, "this button", "button"
)


def reword(request, map_obj: Map, row, how: Reword, context: dict, slot: str):
    """GET: the form with the state it opens at; POST: save it (EditStep, EditButton)."""
    context = {"original": map_obj, how.name: row, **context}
    if request.method == "GET":
        state = how.state(row)
        return fragment(
            request, how.template, values=state, opened=token_of(map_obj, state), **context
        )
    values = posted(request, how.fields)
    opened = read_token(request.POST.get("opened"))
    try:
        storable(values)
        changes = {**values, **how.uploads(request)}
        how.action(map_obj, row.pk, changes, opened=opened, user=request.user).execute()
    except EditRefused as refused:
        token = request.POST.get("opened", "")
        stored = type(row).objects.filter(pk=row.pk).first()
        return again(
            request,
            how.template,
            slot,
            values=values,
            errors=refused.errors,
            opened=token,
            stored=stored,
            **context,
        )
    except Stale as stale:
        stored = type(row).objects.get(pk=row.pk)
        token = token_of(map_obj, how.state(stored))
        more = stale_context(request, stale, how.subject, values, token)
        return again(request, how.template, slot, **more, stored=stored, **context)
    return saved(request, map_obj, f"{how.name}-{row.pk}")


def step_page(model_admin, request, map_id, step_id):
    """Reword a step: its message, kind, documentation link and short name."""
    map_obj = editable(model_admin, request, map_id)
    step = get_object_or_404(Node, pk=step_id, map=map_obj)
    return reword(request, map_obj, step, STEP, {"kinds": Node.Kind.choices}, f"slot-{step.pk}")


def button_page(model_admin, request, map_id, button_id):
    """Reword an answer button and its answer in short."""
    map_obj = editable(model_admin, request, map_id)
    button = get_object_or_404(Button, pk=button_id, node__map=map_obj)
    return reword(request, map_obj, button, BUTTON, {}, f"slot-button-{button.pk}")


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


def delete_page(model_admin, request, map_id, step_id):
    """GET: what deleting the step does to the buttons that lead to it, and the choice of
    removing or redirecting them; POST: delete it."""
    map_obj = editable(model_admin, request, map_id)
    step = get_object_or_404(Node.objects.select_related("map"), pk=step_id, map=map_obj)
    leading = list(leading_to(step))
    context = {
        "original": map_obj,
        "step": step,
        "leading": leading,
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
