"""Every word the bot shows that is not a step or a button: each map's own words and the
bot-wide words, with today's wording as defaults, their limits, and the languages a user
is answered in. Pure: no database and no Telegram."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from advisor.core.markup import MarkupError, clean, plain, telegram_length

#: Telegram's limits: a message, a button's words, a button press's notice, a menu entry.
MESSAGE_LIMIT = 4096
BUTTON_LIMIT = 32
NOTICE_LIMIT = 200
MENU_LIMIT = 256
PLACEHOLDER = "{first_name}"
#: Where the bot fills in a map's opening hours in words (advisor.core.hours).
HOURS_PLACEHOLDER = "{hours}"
#: A language code as Telegram sends it and editors write it, normalized: es, uk, pt-br.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?")


@dataclass(frozen=True)
class TextSpec:
    key: str
    label: str
    default: str
    limit: int
    allows_name: bool = False
    #: Other placeholders the bot fills in here ("{hours}"), apart with spaces, if any.
    fills: str = ""


MAP_TEXTS = (
    TextSpec("back", "Back button", "Back", BUTTON_LIMIT),
    TextSpec("start_over", "Start over button", "Start over", BUTTON_LIMIT),
    TextSpec("done", "Done button", "Done", BUTTON_LIMIT),
    TextSpec("answers", "Before the answers so far", "Your answers:", 100),
    TextSpec("documentation", "Before a documentation link", "Documentation:", 100),
    TextSpec(
        "map_changed",
        "When a button's map changed",
        "This map changed — here is the start again.",
        NOTICE_LIMIT,
    ),
    TextSpec("helpful", "Under a recommendation", "Was this helpful?", 200),
    TextSpec("helpful_yes", "Helpful button", "👍 Yes", BUTTON_LIMIT),
    TextSpec("helpful_no", "Not helpful button", "👎 No", BUTTON_LIMIT),
    TextSpec("vote_thanks", "After a vote", "Thank you for telling us!", 200),
    TextSpec("reason_question", "After 👎 No", "What were you looking for?", 200),
    TextSpec(
        "reason_thanks", "After the answer to it", "Thank you: the editors read every answer.", 200
    ),
    TextSpec("share", "Share button", "Share", BUTTON_LIMIT),
    TextSpec("ask_person", "“Ask a person” button", "🙋 Ask a person", BUTTON_LIMIT),
    TextSpec(
        "person_will_answer",
        "After “Ask a person”",
        "A person from our team will answer here.",
        1000,
    ),
    TextSpec(
        "out_of_hours",
        "After “Ask a person”, outside the opening hours ({hours}: the hours in words)",
        "We answer {hours} — leave your message.",
        1000,
        fills=HOURS_PLACEHOLDER,
    ),
    TextSpec(
        "end_conversation", "“End the conversation” button", "End the conversation", BUTTON_LIMIT
    ),
    TextSpec(
        "conversation_closed",
        "When the team closes a conversation",
        "Our team closed this conversation. Thank you for writing to us!",
        1000,
    ),
    TextSpec("back_to_map", "“Back to the map” button", "Back to the map", BUTTON_LIMIT),
    TextSpec("conversation_blocked", "To a blocked user", "This conversation is closed.", 1000),
    TextSpec(
        "slow_down",
        "To a user writing too fast",
        "Please wait a moment: your messages will reach our team shortly.",
        NOTICE_LIMIT,
    ),
    TextSpec(
        "team_unavailable",
        "After “Ask a person”, when no team group can answer",
        "Nobody from our team can answer here at the moment. Please try again later.",
        1000,
    ),
)
#: The web chat's own words (botapp.web): read aloud, on its buttons and on its pages.
WEB_TEXTS = (
    TextSpec("web_skip", "Web chat: link to the newest message", "Skip to the newest message", 100),
    TextSpec("web_bot_says", "Web chat: read aloud before a message", "The advisor says:", 100),
    TextSpec("web_you_answered", "Web chat: read aloud before an answer", "You answered:", 100),
    TextSpec(
        "web_new_tab", "Web chat: read aloud after a link button", "(opens in a new tab)", 100
    ),
    TextSpec("web_your_answer", "Web chat: name of the buttons read aloud", "Your answer", 100),
    TextSpec("web_languages", "Web chat: name of the languages read aloud", "Languages", 100),
    TextSpec("web_send", "Web chat: button sending the answer to a question", "Send", BUTTON_LIMIT),
    TextSpec(
        "web_empty",
        "Web chat: an empty answer sent",
        "Write what you were looking for, then send it.",
        NOTICE_LIMIT,
    ),
    TextSpec(
        "web_too_long",
        "Web chat: an answer too long ({limit}: the most characters, {length}: the answer's)",
        "At most {limit} characters, please: yours has {length}. Shorten it and send it again.",
        NOTICE_LIMIT,
        fills="{limit} {length}",
    ),
    TextSpec("web_not_saved", "Web chat: title of an answer not saved", "Not saved", 100),
    TextSpec(
        "web_expired",
        "Web chat: an answer not saved, its form expired",
        "This form has expired or was not made by this page, so nothing was saved. "
        "Open the chat again and answer there.",
        1000,
    ),
    TextSpec(
        "web_too_many",
        "Web chat: an answer not saved, too many sent",
        "Too many answers were sent from your network in the last few minutes, so this one "
        "was not saved. Please try again in a few minutes.",
        1000,
    ),
    TextSpec(
        "web_back_to_chat",
        "Web chat: button after an answer not saved",
        "Back to the chat",
        BUTTON_LIMIT,
    ),
    TextSpec("web_map_not_found", "Web chat: title of a link to no map", "Map not found", 100),
    TextSpec(
        "web_unknown_map",
        "Web chat: a link to no map",
        "There is no map with this name here. Check the link you followed.",
        1000,
    ),
    TextSpec(
        "web_map_unavailable_title",
        "Web chat: title of a map offline",
        "This map is not available",
        100,
    ),
    TextSpec(
        "web_map_unavailable",
        "Web chat: a map offline",
        "This map is not available. It may come back later.",
        1000,
    ),
)
BOT_TEXTS = (
    TextSpec(
        "hint",
        "Answer to free text",
        "Please answer with the buttons under my last message, or send /start to begin again.",
        MESSAGE_LIMIT,
    ),
    TextSpec(
        "help",
        "/help",
        "I help you choose by asking a few questions: answer with the buttons.\n"
        "/start begins (or /start <name> for one advisor), /cancel ends.",
        MESSAGE_LIMIT,
    ),
    TextSpec("picker_greeting", "Greeting above the choice of maps", "Hi {first_name}!", 200, True),
    TextSpec("picker", "Choice of maps", "Which advisor would you like?", 1000),
    TextSpec(
        "unknown_map",
        "A link to a map that does not exist",
        "I don't know that advisor — here is where to start.",
        NOTICE_LIMIT,
    ),
    TextSpec("no_map", "No map yet", "No advisor map is set up yet. Please try again later.", 1000),
    TextSpec(
        "goodbye", "Goodbye with no map", "Goodbye, and all the best — /start to begin again", 1000
    ),
    TextSpec("menu_start", "Menu: /start", "Start (or start over) the advisor", MENU_LIMIT),
    TextSpec("menu_help", "Menu: /help", "What this bot does", MENU_LIMIT),
    TextSpec("menu_cancel", "Menu: /cancel", "End the conversation", MENU_LIMIT),
    TextSpec("menu_person", "Menu: /person", "Talk to a person of our team", MENU_LIMIT),
    TextSpec("menu_end", "Menu: /end", "End the conversation with our team", MENU_LIMIT),
    *WEB_TEXTS,
)
MAP_DEFAULTS = {spec.key: spec.default for spec in MAP_TEXTS}
BOT_DEFAULTS = {spec.key: spec.default for spec in BOT_TEXTS}
#: The commands of the Telegram client's menu, with the bot text that describes each.
MENU = (
    ("start", "menu_start"),
    ("help", "menu_help"),
    ("cancel", "menu_cancel"),
    ("person", "menu_person"),
    ("end", "menu_end"),
)
#: The placeholder each own word may hold besides none (by key).
FILLS = {spec.key: spec.fills for spec in (*MAP_TEXTS, *BOT_TEXTS) if spec.fills}
_PLACEHOLDERS = re.compile(r"\{[^{}]*\}")


#: The texts written with formatting (advisor.core.markup); every other text is plain words.
FORMATTED = frozenset({"text", "greeting", "goodbye"})


def text_error(
    value: str,
    limit: int,
    allows_name: bool = False,
    required: bool = True,
    formatted=False,
    fills: str = "",
):
    """What is wrong with a text in plain words, or None; a ``formatted`` text is checked as
    Telegram reads it (advisor.core.markup); ``fills``: the placeholders the bot fills in
    here instead of {first_name} (e.g. "{hours}"; several apart with spaces)."""
    for placeholder in fills.split():
        value = value.replace(placeholder, "")
    if required and not value.strip():
        return "Write the words the bot shows here; they cannot be empty."
    if formatted:
        try:
            clean(value)
        except MarkupError as error:
            return str(error)
    length = telegram_length(value) if formatted else len(value)
    if length > limit:
        return f"Too long for Telegram: at most {limit} characters here (this has {length})."
    wrong = [found for found in _PLACEHOLDERS.findall(value) if found != PLACEHOLDER]
    if wrong or (PLACEHOLDER in value and not allows_name):
        allowed = PLACEHOLDER if allows_name else " and ".join(fills.split())
        rule = f"Only {allowed} is filled in here" if allowed else "Nothing is filled in here"
        return f"{rule}: remove {(wrong or [PLACEHOLDER])[0]}."
    return None


def start_of(text: str, length: int = 60) -> str:
    """A message's words (formatting left out) on one line, cut at a word near ``length``
    characters with "…"."""
    text = " ".join(plain(text).split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut[length // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:—-") + "…"


def step_label(step) -> str:
    """How a step is named in words: the start of its message, then its short name."""
    return f"“{start_of(step.text, 50)}” ({step.key})"


def spec_error(spec: TextSpec, value: str) -> str | None:
    return text_error(value, spec.limit, spec.allows_name, fills=spec.fills)


def normalized(code: str | None) -> str:
    """A language code as Telegram sends it and editors write it: "pt_BR" -> "pt-br"."""
    return (code or "").strip().lower().replace("_", "-")


def language_for(code: str | None, available: Iterable[str], default: str) -> str:
    """The language to answer in: the exact one, else its base ("pt-br" -> "pt"), else the
    default."""
    wanted, available = normalized(code), set(available)
    if wanted in available:
        return wanted
    base = wanted.partition("-")[0]
    return base if base in available else default


@dataclass(frozen=True)
class Wording:
    """Texts in one language, each falling back to the default language on its own."""

    texts: Mapping[str, str]
    translated: Mapping[str, str]

    def __getitem__(self, key: str) -> str:
        return self.translated.get(key) or self.texts[key]

    def named(self, key: str, first_name: str) -> str:
        return self[key].replace(PLACEHOLDER, first_name)


@dataclass(frozen=True)
class BotWords:
    """The bot-wide words: today's defaults overridden by editors, and their translations."""

    texts: Mapping[str, str]
    translations: Mapping[str, Mapping[str, str]]
    revision: int = 0

    def wording(self, language_code: str | None) -> Wording:
        language = language_for(language_code, self.translations, "")
        return Wording({**BOT_DEFAULTS, **self.texts}, self.translations.get(language, {}))


DEFAULT_BOT_WORDS = BotWords({}, {})
