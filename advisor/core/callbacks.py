"""What a button press asks for, and its compact text form (Telegram's callback data).

All conversation state travels in the button itself, so any worker can answer any press:
``g:<map>:<anchor node>:<button>.<button>…`` goes to the node reached from the anchor by
pressing those buttons (the path also gives Back and the breadcrumb), ``s:<map>`` starts
over and ``d:<map>`` says goodbye. A vote under a recommendation is ``v<vote><was>:`` and
then the Go's numbers: ``y`` helpful, ``n`` not, ``-`` no vote before (so that a change of
vote replaces the one it changes). "Ask a person" is ``a:`` and then the Go's numbers: the user
asks for a person of the team at the step the Go reaches. Numbers are base 36.

A shared recommendation travels in a /start deep link instead: ``r_<map>_<step>``.
"""

import re
from dataclasses import dataclass

#: Telegram's limit for callback data, in bytes.
CALLBACK_DATA_LIMIT = 64
#: Database ids are signed 64-bit integers: a larger number can only be forged.
MAX_ID = 2**63 - 1
#: How an "Ask a person" press's data starts (what the Telegram side routes on).
ASK_PREFIX = "a:"


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


@dataclass(frozen=True)
class Vote:
    """ "Was this helpful?" answered under the recommendation ``go`` reaches: ``helpful``
    now, and ``was`` the answer the message showed before (None for none)."""

    go: Go
    helpful: bool
    was: bool | None = None

    @property
    def map_id(self) -> int:
        return self.go.map_id


@dataclass(frozen=True)
class Ask:
    """ "Ask a person" pressed at the step ``go`` reaches."""

    go: Go

    @property
    def map_id(self) -> int:
        return self.go.map_id


Action = Go | Restart | Finish | Vote | Ask
#: How many more bytes a Vote's data takes than its Go's.
VOTE_EXTRA_BYTES = 2
_VOTE_LETTERS = {True: "y", False: "n", None: "-"}
_VOTE_VALUES = {letter: value for value, letter in _VOTE_LETTERS.items()}
#: Telegram's rule for a /start parameter: at most 64 of A-Z, a-z, 0-9, _ and -.
_SHARE_CODE = re.compile(r"r_([0-9a-z]{1,13})_([0-9a-z]{1,13})")


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
    if isinstance(action, Vote):
        letters = _VOTE_LETTERS[action.helpful] + _VOTE_LETTERS[action.was]
        return f"v{letters}{encode(action.go)[1:]}"
    if isinstance(action, Ask):
        return f"a{encode(action.go)[1:]}"
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
    if parts[0] in ("g", "a") and len(parts) == 4:
        go = Go(numbers[0], numbers[1], path)
        return go if parts[0] == "g" else Ask(go)
    vote = parts[0][1:] if parts[0][:1] == "v" else ""
    if len(vote) == 2 and vote[0] in "yn" and vote[1] in _VOTE_VALUES and len(parts) == 4:
        go = Go(numbers[0], numbers[1], path)
        return Vote(go, _VOTE_VALUES[vote[0]], _VOTE_VALUES[vote[1]])
    if parts[0] in ("s", "d") and len(parts) == 2:
        return (Restart if parts[0] == "s" else Finish)(numbers[0])
    return None


def share_code(map_id: int, step_id: int) -> str:
    """The /start parameter of a link that opens one step of a map (ids stay across
    publishes, so the link does too)."""
    return f"r_{_b36(map_id)}_{_b36(step_id)}"


def shared_step(code: str) -> tuple[int, int] | None:
    """The (map id, step id) a share code names, or None for anything else."""
    found = _SHARE_CODE.fullmatch(code or "")
    if found is None:
        return None
    numbers = tuple(int(part, 36) for part in found.groups())
    return numbers if max(numbers) <= MAX_ID else None
