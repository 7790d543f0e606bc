"""The outline's in-place edits, one request each (htmx): here rewording a step or a button
and what every edit's answer shares; adding an answer, reordering and deleting are in
advisor.admin.outline_structure. A GET gives the edit's small form (with the state it was
opened at), a POST saves and answers with the outline as it is now, the map's status line
and "Saved"; a refused POST answers with its form again in its own place, what was typed
kept and the reason where it was typed, and the row above it redrawn with the wording
stored now (out of band). Thin: the edits are advisor.actions.outline's."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django_htmx.http import retarget

from advisor import history
from advisor.actions.outline import EditButton, EditStep, OutlineEdit
from advisor.admin.change_phrases import who_and_when
from advisor.admin.outline import fragment, tree
from advisor.admin.pages import editable_map
from advisor.conflict_check import Stale
from advisor.core.conflicts import opened_token, read_token
from advisor.core.params import NUL_MESSAGE, has_nul
from advisor.models import Button, Map, Node
from advisor.outline_edits import (
    BUTTON_FIELDS,
    STEP_FIELDS,
    EditRefused,
    button_state,
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
