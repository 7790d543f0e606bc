"""What a button press asks for, and its compact text form (Telegram's callback data).

All conversation state travels in the button itself, so any worker can answer any press:
``g:<map>:<anchor node>:<button>.<button>…`` goes to the node reached from the anchor by
pressing those buttons (the path also gives Back and the breadcrumb), ``s:<map>`` starts
over and ``d:<map>`` says goodbye. Numbers are base 36.
"""

from dataclasses import dataclass

#: Telegram's limit for callback data, in bytes.
CALLBACK_DATA_LIMIT = 64
#: Database ids are signed 64-bit integers: a larger number can only be forged.
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Go:
    map_id: int
    anchor_id: int
    path: tuple[int, ...] = ()


@dataclass(frozen=True)
class Restart:
    map_id: int


@dataclass(frozen=True)
class Finish:
    map_id: int


Action = Go | Restart | Finish


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def encode(action: Action) -> str:
    """The callback data for an action."""
    if isinstance(action, Go):
        path = ".".join(_b36(button_id) for button_id in action.path)
        return f"g:{_b36(action.map_id)}:{_b36(action.anchor_id)}:{path}"
    prefix = "s" if isinstance(action, Restart) else "d"
    return f"{prefix}:{_b36(action.map_id)}"


def decode(data: str | None) -> Action | None:
    """The action behind callback data, or None for anything malformed or forged."""
    if not data or len(data.encode()) > CALLBACK_DATA_LIMIT:
        return None
    parts = data.split(":")
    try:
        numbers = [int(part, 36) for part in parts[1:3]]
        path_text = parts[3] if len(parts) == 4 else ""
        path = tuple(int(item, 36) for item in path_text.split(".")) if path_text else ()
    except ValueError:
        return None
    if any(number > MAX_ID for number in (*numbers, *path)):
        return None
    if parts[0] == "g" and len(parts) == 4:
        return Go(numbers[0], numbers[1], path)
    if parts[0] in ("s", "d") and len(parts) == 2:
        return (Restart if parts[0] == "s" else Finish)(numbers[0])
    return None
