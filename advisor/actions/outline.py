"""The outline's edits as editorial actions: each locks the map's row, refuses what would
overwrite a newer save (the fields it writes are compared with what the outline showed:
advisor.conflict_check), does the edit (advisor.outline_edits) and puts it on the History.

A field another editor changed since is left as they saved it unless this edit changed it
too; then nothing is saved (Stale) and the outline shows both values.
"""

from advisor import outline_edits as edits
from advisor.actions.base import EditorialAction
from advisor.conflict_check import Scope, check
from advisor.core.conflicts import Merge, Opened
from advisor.core.texts import step_label
from advisor.history import Action
from advisor.models import Button, Map, Node


def phrases(names) -> str:
    return ", ".join(edits.FIELD_NAMES[name] for name in names)


class OutlineEdit(EditorialAction):
    """An edit of one step of the map from the outline."""

    refusal = "Only Map editors can change maps"

    def __init__(self, map_obj: Map, step_id: int, *, opened: Opened | None = None, **who):
        super().__init__(map_obj, **who)
        self.step_id, self.opened = step_id, opened

    def step(self) -> Node:
        """The step, with the map's row locked; EditRefused when it is gone."""
        Map.objects.select_for_update().filter(pk=self.map.pk).first()
        step = Node.objects.select_related("map").filter(pk=self.step_id, map=self.map).first()
        if step is None:
            raise edits.EditRefused({"step": "This step was deleted meanwhile."})
        return step

    def compared(self, mine: dict, current: dict, *, whole: bool = False) -> Merge:
        """The one conflict check (advisor.conflict_check) of the values this edit writes
        (``mine``; none for an edit of all it was shown: a reorder, a deletion): Stale when
        it clashes with a newer save (with ``whole``, when anything it compares changed at
        all). An outline without its state is answered with every entry about the step."""
        scope = Scope(self.map.pk, self.step_id)
        since = None if self.opened is not None else 0
        return check(self.opened, mine, current, scope, strict=whole, since=since)

    def saved(self, summary: str) -> None:
        self.record(Action.CHANGED, summary, step_id=self.step_id)


class EditStep(OutlineEdit):
    """Reword a step, change its kind, documentation link or short name."""

    def __init__(self, map_obj, step_id, values: dict, **options):
        super().__init__(map_obj, step_id, **options)
        self.values = values

    def perform(self) -> Node:
        step = self.step()
        result = self.compared(self.values, edits.step_state(step))
        changed = edits.edit_step(step, {name: self.values[name] for name in result.mine})
        if changed:
            self.saved(f"Changed step {step_label(step)}: {phrases(changed)}")
        return step


class EditButton(OutlineEdit):
    """Reword an answer button or its answer in short."""

    def __init__(self, map_obj, button_id: int, values: dict, **options):
        button = Button.objects.filter(pk=button_id, node__map=map_obj).first()
        super().__init__(map_obj, button.node_id if button else 0, **options)
        self.button_id, self.values = button_id, values

    def perform(self) -> Button:
        step = self.step()
        button = step.buttons.filter(pk=self.button_id).first()
        if button is None:
            raise edits.EditRefused({"label": "This button was removed meanwhile."})
        result = self.compared(self.values, edits.button_state(button))
        changed = edits.edit_button(button, {name: self.values[name] for name in result.mine})
        if changed:
            summary = f"Changed the button “{button.label}” under {step_label(step)}"
            self.saved(f"{summary}: {phrases(changed)}")
        return button


class AddAnswer(OutlineEdit):
    """A new answer under a step, to an existing step or to a new one typed with it."""

    def __init__(self, map_obj, step_id, label: str, *, summary="", target_id=None, new=None, **o):
        super().__init__(map_obj, step_id, **o)
        self.label, self.summary, self.target_id, self.new = label, summary, target_id, new

    def perform(self) -> tuple[Button, Node | None]:
        step = self.step()
        target = None
        if self.target_id is not None:
            target = Node.objects.filter(pk=self.target_id, map=self.map).first()
            if target is None:
                raise edits.EditRefused(
                    {"target": "That step was deleted meanwhile: pick another."}
                )
        button, created = edits.add_answer(step, self.label, self.summary, target, self.new)
        leads = button.target
        kind = leads.get_kind_display().lower()
        where = f"a new {kind} {step_label(leads)}" if created else step_label(leads)
        summary = f"Added the answer “{button.label}” under {step_label(step)}, leading to {where}"
        self.record(Action.ADDED if created else Action.CHANGED, summary, step_id=step.pk)
        return button, created


class ReorderAnswers(OutlineEdit):
    """Show a step's answers in another order."""

    def __init__(self, map_obj, step_id, button_ids: list[int], **options):
        super().__init__(map_obj, step_id, **options)
        self.button_ids = button_ids

    def perform(self) -> Node:
        step = self.step()
        buttons = list(step.buttons.order_by("order", "id"))
        current = edits.answers_state(buttons)
        self.compared({}, current, whole=True)
        edits.reorder_answers(step, self.button_ids)
        labels = {button.id: button.label for button in buttons}
        order = ", ".join(f"“{labels[button_id]}”" for button_id in self.button_ids)
        self.saved(f"Put the answers of {step_label(step)} in the order {order}")
        return step


class DeleteStep(OutlineEdit):
    """Delete a step; the buttons that lead to it are removed or led to another step."""

    def __init__(self, map_obj, step_id, redirect_to: int | None = None, **options):
        super().__init__(map_obj, step_id, **options)
        self.redirect_to = redirect_to

    def perform(self) -> list[Button]:
        step = self.step()
        current = edits.incoming_state(step, edits.leading_to(step))
        self.compared({}, current, whole=True)
        target = None
        if self.redirect_to is not None:
            target = Node.objects.filter(pk=self.redirect_to, map=self.map).first()
            if target is None:
                raise edits.EditRefused({"redirect": "Pick another step of this map."})
        label = step_label(step)
        leading = edits.delete_step(step, target)
        count = f"{len(leading)} button{'' if len(leading) == 1 else 's'}"
        if not leading:
            what = ""
        elif target is not None:
            what = f"; the {count} that led to it now lead to {step_label(target)}"
        else:
            what = f", and the {count} that led to it"
        self.record(Action.DELETED, f"Deleted step {label}{what}", step_id=self.step_id)
        return leading
