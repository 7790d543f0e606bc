"""A step's own page as editorial actions: adding a step, and saving one with its answer
buttons. Deleting a step is the outline's DeleteStep wherever it is done, with the same
choice for the buttons that lead to it (advisor.actions.outline)."""

from advisor.actions.pages import PageSave
from advisor.core.texts import step_label
from advisor.history import Action
from advisor.models import Node


class AddStep(PageSave):
    """A new step of the map its page names, with its answer buttons."""

    permission = "advisor.add_node"
    refusal = "Only Map editors can add steps"

    def perform(self) -> Node:
        step = self.written()
        kind = step.get_kind_display().lower()
        self.record(Action.ADDED, f"Added {kind} {step_label(step)}", step_id=step.pk)
        return step


class SaveStep(PageSave):
    """A step saved from its page: its fields, picture and answer buttons."""

    permission = "advisor.change_node"
    refusal = "Only Map editors can change steps"

    def perform(self) -> Node:
        step = self.written()
        if what := self.changes():
            self.record(Action.CHANGED, f"Changed step {step_label(step)}: {what}", step_id=step.pk)
        return step
