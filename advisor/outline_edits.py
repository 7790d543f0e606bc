"""What the outline changes in a map's draft, one plain function per edit: reword a step or
a button, add an answer (to an existing step or to a new one typed there), put a step's
answers in another order, lead a button elsewhere, delete a step with the buttons that lead
to it removed or redirected. Each validates as the step pages do (the models' rules and
plain-word messages) and raises EditRefused naming the field; the caller holds the
transaction and the map's lock (advisor.actions.outline).

``*_state`` give what an edit compares to refuse a save over a newer one (advisor.core.conflicts):
of a model row or of the outline's in-memory view of it alike.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from advisor.core.markup import plain
from advisor.models import Button, Node

STEP_FIELDS = ("text", "kind", "doc_url", "key", "picture_id", "offers_person")
BUTTON_FIELDS = ("label", "summary")
#: How the outline names a step's and a button's fields in its messages.
FIELD_NAMES = {
    "text": "the message",
    "kind": "the kind",
    "doc_url": "the documentation link",
    "key": "the short name",
    "picture_id": "the picture",
    "offers_person": "“Ask a person”",
    "label": "the button text",
    "summary": "the answer in short",
    "target": "where it leads",
    "order": "the order of the answers",
    "incoming": "the buttons that lead here",
}


class EditRefused(ValueError):
    """An edit that cannot be saved; ``errors`` maps each field to its plain-word message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def step_state(step) -> dict[str, str]:
    """A step's fields as its form shows them (a ticked box "on")."""
    return {name: _shown(getattr(step, name)) for name in STEP_FIELDS}


def _shown(value) -> str:
    return "on" if value is True else str(value or "")


def button_state(button) -> dict[str, str]:
    return {"label": button.label, "summary": button.summary, "target": str(button.target_id)}


def answers_state(buttons) -> dict[str, str]:
    return {"order": ",".join(str(button.id) for button in buttons)}


def incoming_state(step, leading) -> dict[str, str]:
    """A step and the buttons of other steps that lead to it (what deleting it changes)."""
    ids = sorted(str(button.id) for button in leading)
    return {**step_state(step), "incoming": ",".join(ids)}


def _checked(instance) -> None:
    """The model's own rules; a step's short name is checked by its clean() alone."""
    try:
        instance.full_clean(validate_constraints=not isinstance(instance, Node))
    except ValidationError as error:
        errors = {field: messages[0] for field, messages in error.message_dict.items()}
        raise EditRefused(errors) from None


def typed(value: str) -> str:
    """A text as a form posts it, as it is stored: the browser's line breaks, no spaces
    around it."""
    return value.replace("\r\n", "\n").strip()


def link(value: str) -> str:
    """A documentation link as typed: https:// added where the scheme was left out."""
    value = value.strip()
    return f"https://{value}" if value and "://" not in value else value


def edit_step(step: Node, values: dict[str, str]) -> list[str]:
    """Set the step's message, kind, documentation link or short name (those in
    ``values``); the fields that changed."""
    values = {name: typed(value) for name, value in values.items()}
    if "doc_url" in values:
        values["doc_url"] = link(values["doc_url"])
    if "picture_id" in values:
        values["picture_id"] = values["picture_id"] or None
    if "offers_person" in values:
        values["offers_person"] = values["offers_person"] == "on"
    changed = [
        name for name in STEP_FIELDS if name in values and values[name] != getattr(step, name)
    ]
    for name in changed:
        setattr(step, name, values[name])
    if changed:
        _checked(step)
        step.save(update_fields=changed)
    return changed


def edit_button(button: Button, values: dict[str, str]) -> list[str]:
    """Set a button's text or answer in short; the fields that changed."""
    changed = [
        name for name in BUTTON_FIELDS if name in values and values[name] != getattr(button, name)
    ]
    for name in changed:
        setattr(button, name, typed(values[name]))
    if changed:
        _checked(button)
        button.save(update_fields=changed)
    return changed


def free_key(map_obj, text: str) -> str:
    """A short name from a message's first words that no step of the map has yet."""
    base = slugify(" ".join(plain(text).split()[:5]))[:50].strip("-") or "step"
    taken = set(map_obj.nodes.filter(key__startswith=base).values_list("key", flat=True))
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


def add_answer(
    step: Node, label: str, summary: str = "", target: Node | None = None, new: dict | None = None
) -> tuple[Button, Node | None]:
    """A new last button under ``step``, leading to ``target`` or to a new step made from
    ``new`` (its message, kind, documentation link and, if given, short name); the button
    and the new step."""
    created = None
    if target is None:
        new = {name: typed(value) for name, value in (new or {}).items()}
        text = new.get("text", "")
        created = Node(
            map_id=step.map_id,
            key=new.get("key") or free_key(step.map, text),
            kind=new.get("kind") or Node.Kind.RECOMMENDATION,
            text=text,
            doc_url=link(new.get("doc_url", "")),
        )
        try:
            _checked(created)
        except EditRefused as refused:
            raise EditRefused({f"new_{k}": v for k, v in refused.errors.items()}) from None
    last = step.buttons.order_by("-order").values_list("order", flat=True).first()
    order = 0 if last is None else last + 1
    button = Button(node=step, label=typed(label), summary=typed(summary), order=order)
    button.target = target or step  # checked with a stand-in target, then pointed at the new one
    _checked(button)
    if created is not None:
        created.save()
        button.target = created
    button.save()
    return button, created


def reorder_answers(step: Node, button_ids: list[int]) -> None:
    """Show the step's buttons in the order of ``button_ids`` (all of them, once each)."""
    buttons = {button.id: button for button in step.buttons.all()}
    if sorted(button_ids) != sorted(buttons):
        raise EditRefused({"order": "The answers changed meanwhile: look at them again."})
    changed = []
    for position, button_id in enumerate(button_ids):
        if buttons[button_id].order != position:
            buttons[button_id].order = position
            changed.append(buttons[button_id])
    if changed:
        Button.objects.bulk_update(changed, ["order"])


def redirect_button(button: Button, target: Node) -> None:
    """Lead the button to another step of its map."""
    button.target = target
    _checked(button)
    button.save(update_fields=["target"])


def leading_to(step: Node):
    """The buttons of other steps that lead to ``step``."""
    return Button.objects.filter(target=step).exclude(node=step).select_related("node")


def delete_step(step: Node, redirect_to: Node | None = None) -> list[Button]:
    """Delete the step and its own buttons; the buttons of other steps that led to it are
    led to ``redirect_to`` instead, or deleted without one. The first question moves to
    ``redirect_to`` too; without one it cannot go. The buttons that led to it."""
    leading = list(leading_to(step))
    map_obj = step.map
    if redirect_to is not None and (redirect_to.map_id != step.map_id or redirect_to == step):
        raise EditRefused({"redirect": "Pick another step of this map."})
    if map_obj.start_node_id == step.pk:
        if redirect_to is None:
            raise EditRefused(
                {"redirect": "This is the first question: pick the step that takes its place."}
            )
        type(map_obj).objects.filter(pk=map_obj.pk).update(start_node=redirect_to)
    for button in leading:
        if redirect_to is not None:
            redirect_button(button, redirect_to)
        else:
            button.delete()
    step.delete()
    return leading
