"""The buttons of a conversation with the team: ``h:<what>:<conversation id>``."""

PREFIX = "h:"
RESOLVE, BLOCK, END, HELPFUL, NOT_HELPFUL = "r", "b", "e", "y", "n"
TEAM_ACTIONS = (RESOLVE, BLOCK)


def button_data(what: str, conversation_id: int) -> str:
    return f"{PREFIX}{what}:{conversation_id}"


def read(data: str | None) -> tuple[str, int] | None:
    """(what, conversation id) of a conversation's button, or None for anything else."""
    parts = (data or "").split(":")
    if len(parts) != 3 or parts[0] + ":" != PREFIX or not parts[2].isascii():
        return None
    if parts[1] not in (RESOLVE, BLOCK, END, HELPFUL, NOT_HELPFUL) or not parts[2].isdigit():
        return None
    number = int(parts[2])
    return (parts[1], number) if 0 < number < 2**63 else None
