"""What the bot shows: a screen (text, buttons, picture) for an audience. Pure data."""

from dataclasses import dataclass, field

from advisor.core.graph import MapGraph
from advisor.core.texts import DEFAULT_BOT_WORDS, Wording


@dataclass(frozen=True)
class Audience:
    """Who is answered: their Telegram language code, and the bot-wide words in their
    language (each map picks its own language for them)."""

    language_code: str = ""
    bot: Wording = field(default_factory=lambda: DEFAULT_BOT_WORDS.wording(""))
    #: The bot's Telegram username, for the links of Share buttons (none without it).
    bot_username: str = ""

    def language(self, graph: MapGraph) -> str:
        return graph.language_for(self.language_code)


@dataclass(frozen=True)
class Choice:
    label: str
    #: The callback data a press sends the bot; empty for a link button.
    data: str
    #: The web page a link button opens.
    url: str = ""


@dataclass(frozen=True)
class Screen:
    #: Formatted as Telegram's HTML (advisor.core.markup).
    text: str
    rows: tuple[tuple[Choice, ...], ...] = ()
    #: A short notice for the pressed button (shown by Telegram as a toast).
    notice: str = ""
    #: The map and node this screen shows (None for a goodbye or a hint).
    map_id: int | None = None
    node_id: int | None = None
    #: The SHA-256 of the picture shown above the text, which is then its caption.
    picture: str = ""
    #: The answer to "Was this helpful?" this screen thanks for (None: not a vote).
    vote: bool | None = None
    #: A question to ask in a message of its own, which the user answers by replying.
    ask_reason: str = ""
    #: Opened by a shared link.
    shared: bool = False
