"""Deleting steps from their admin pages, by the outline's own action (DeleteStep), so a step
is deleted one way wherever it is done and the History reads the same.

A step's page offers the outline's choice for the buttons that lead to the step: remove
them, or lead them to another step of the map (the first question must be led elsewhere).
The list's "Delete selected" deletes each step by the same action, but refuses steps that
buttons of other steps lead to, or a first question: ticking rows cannot say where those
buttons should lead, and removing buttons nobody ticked would surprise the editor.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html

from advisor import history
from advisor.actions.outline import DeleteStep
from advisor.actions.pages import allowed
from advisor.admin.guarded import who_and_when
from advisor.conflict_check import Stale
from advisor.core.conflicts import Opened, fingerprint, opened_token, read_token
from advisor.core.params import whole_number
from advisor.core.texts import start_of
from advisor.loading import draft_graph
from advisor.models import Button, Map, Node
from advisor.outline_edits import EditRefused, incoming_state, leading_to

#: What a step's page says when a delete was posted without a choice for those buttons.
NO_CHOICE = (
    "The step “{}” cannot be deleted while the draft still leads to it: remove or redirect "
    "these buttons first (choose which below), then delete it."
)
#: What a refusal says another editor changed meanwhile (as the outline's delete says it).
STALE_SUBJECT = "this step or the buttons that lead to it"


@dataclass
class Choice:
    """A step's delete page: the buttons that lead to the step, whether it is the first
    question, and what was posted (``then``: "remove" or "redirect"; ``redirect``: a step)."""

    step: Node
    leading: list[Button]
    is_start: bool
    then: str = ""
    redirect: int | None = None
    errors: dict = field(default_factory=dict)
    message: str = ""

    @property
    def chosen(self) -> bool:
        """Whether a posted delete says what becomes of the buttons and the first question."""
        if self.then == "redirect":
            return self.redirect is not None
        return self.then == "remove" or not self.leading

    @property
    def refused(self) -> bool:
        """Whether the page comes back instead (a posted delete without a choice is)."""
        return bool(self.errors or self.message)

    @property
    def redirect_to(self) -> int | None:
        return self.redirect if self.then == "redirect" else None


def choice_of(request, step: Node) -> Choice:
    """The choice shown (a GET) or posted, with what refuses a posted one."""
    leading = list(leading_to(step))
    choice = Choice(step, leading, step.map.start_node_id == step.pk)
    if request.method != "POST":
        return choice
    # The first question is always led to another step (it cannot just go).
    choice.then = "redirect" if choice.is_start else request.POST.get("then", "")
    choice.redirect = whole_number(request.POST.get("redirect"))
    if choice.then == "redirect" and choice.redirect is None:
        choice.errors = {"redirect": "Pick the step the buttons lead to instead."}
    elif not choice.chosen:
        choice.message = NO_CHOICE.format(start_of(step.text))
    return choice


def opened_now(step: Node, leading) -> Opened:
    """The step and the buttons that lead to it as they are stored now."""
    state = incoming_state(step, leading)
    prints = {name: fingerprint(value) for name, value in state.items()}
    return Opened(prints, history.last_entry_id(step.map_id))


def opened_at(request, step: Node, leading) -> Opened | None:
    """The state the page was opened at. A delete posted without one (a page opened before
    the choice was offered) that touches no other step counts as opened at the state now."""
    opened = read_token(request.POST.get("opened"))
    if opened is None and not leading and step.map.start_node_id != step.pk:
        return opened_now(step, leading)
    return opened


def leading_here(button: Button) -> str:
    return format_html(
        "the button “{}” under <a href='{}'>{}</a>",
        button.label,
        reverse("admin:advisor_node_change", args=[button.node_id]),
        start_of(button.node.text, 50),
    )


def first_question_of(step: Node) -> str:
    return format_html(
        "the first question of <a href='{}'>{}</a>",
        reverse("admin:advisor_map_change", args=[step.map_id]),
        step.map,
    )


class StepDeletes:
    """The step admin's deletes (see the module); mixed into NodeAdmin."""

    delete_confirmation_template = "admin/advisor/node/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/advisor/node/delete_selected_confirmation.html"

    def has_delete_permission(self, request, obj=None):
        map_obj = obj.map if obj is not None else None
        may = allowed(DeleteStep(map_obj, 0, user=request.user))
        return may and super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        """Django's delete page, whose delete is DeleteStep's. A delete the action refuses
        (rolled back with the admin's log) gets the page again, saying why."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except (EditRefused, Stale) as refused:
            request.advisor_refused = refused
            return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        """Django's lists; on a step's page, a posted delete goes ahead only with a choice
        for the buttons that lead to the step; from the list, only of steps nothing else
        leads to, each named in plain words if not."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if request.resolver_match.url_name == "advisor_node_delete":
            [step] = objs
            choice = self.delete_choice(request, step)
            perms_needed = set() if choice.leading or choice.is_start else perms_needed
            refused = request.method == "POST" and choice.refused  # Django deletes unless
            return deleted, counts, perms_needed, ["refused"] if refused else []  # protected
        reasons = self.bulk_refusals(objs)
        if reasons:  # Django would list the map as lacking a permission, or as protected
            return deleted, counts, set(), reasons
        return deleted, counts, perms_needed, protected

    def delete_choice(self, request, step: Node) -> Choice:
        """The page's choice, read once a request; with why the action refused it, if it did."""
        if not hasattr(request, "advisor_choice"):
            request.advisor_choice = choice_of(request, step)
        choice = request.advisor_choice
        refused = getattr(request, "advisor_refused", None)
        if isinstance(refused, EditRefused):
            choice.errors = refused.errors
        elif isinstance(refused, Stale):
            who = who_and_when(refused.entries, STALE_SUBJECT, request.user.get_username())
            choice.message = f"{who}: nothing was deleted. Look again."
        return choice

    def render_delete_form(self, request, context):
        step = context["object"]
        choice = self.delete_choice(request, step)
        stale = isinstance(getattr(request, "advisor_refused", None), Stale)
        posted = request.POST.get("opened", "") if request.method == "POST" else ""
        if stale or not posted:
            state = incoming_state(step, choice.leading)
            posted = opened_token(state, history.last_entry_id(step.map_id))
        context = {
            **context,
            "original": step.map,
            "step": step,
            "own": step.buttons.count(),
            "leading": [leading_here(button) for button in choice.leading],
            "is_start": choice.is_start,
            "first_question": first_question_of(step),
            "values": {"then": "remove" if choice.redirect_to is None else "redirect"},
            "picked": self.picked(step, choice.redirect_to),
            "errors": choice.errors,
            "message": choice.message,
            "opened": posted,
        }
        return super().render_delete_form(request, context)

    @staticmethod
    def picked(step: Node, step_id: int | None) -> list:
        """The step a refused page had picked, ticked again (one of the map's, not itself)."""
        node = draft_graph(step.map_id).nodes.get(step_id) if step_id is not None else None
        return [(node, "")] if node is not None and node.id != step.pk else []

    def delete_model(self, request, obj):
        choice = self.delete_choice(request, obj)
        opened = opened_at(request, obj, choice.leading)
        DeleteStep(obj.map, obj.pk, choice.redirect_to, opened=opened, user=request.user).execute()

    def bulk_refusals(self, steps) -> list[str]:
        """Why the list's delete refuses: the buttons of steps not ticked that lead to the
        ticked ones, and the first questions ticked."""
        leading = Button.objects.filter(target__in=steps).exclude(node__in=steps)
        first = "{} (delete it on its own page, to pick the step that takes its place)"
        return [leading_here(button) for button in leading.select_related("node")] + [
            format_html(first, first_question_of(step))
            for step in steps
            if step.map.start_node_id == step.pk
        ]

    def delete_queryset(self, request, queryset):
        """Each ticked step by DeleteStep, the maps locked first: the refusal of steps that
        other buttons lead to holds until they are deleted."""
        with transaction.atomic():
            steps = list(queryset.select_related("map"))
            list(Map.objects.select_for_update().filter(pk__in={step.map_id for step in steps}))
            if self.bulk_refusals(steps):
                raise EditRefused({"steps": "buttons of other steps lead to them now"})
            for step in steps:
                opened = opened_now(step, leading_to(step))
                DeleteStep(step.map, step.pk, opened=opened, user=request.user).execute()

    def response_action(self, request, queryset):
        """An action on the ticked rows, done whole or not at all."""
        try:
            with transaction.atomic():
                return super().response_action(request, queryset)
        except EditRefused as refused:
            self.message_user(request, f"Nothing was deleted: {refused}.", messages.WARNING)
            return None
