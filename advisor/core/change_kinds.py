"""The kinds of change the change list names, and one change as it shows it (pure data)."""

from dataclasses import dataclass

from advisor.core.graph import KINDS

STEP_ADDED = "Step added"
STEP_REMOVED = "Step removed"
STEP_RENAMED = "Step renamed"
STEP_KIND = "Kind of step changed"
MESSAGE_REWORDED = "Message reworded"
DOC_LINK_CHANGED = "Documentation link changed"
BUTTON_ADDED = "Button added"
BUTTON_REMOVED = "Button removed"
BUTTON_RELABELLED = "Button relabelled"
BUTTON_RETARGETED = "Button now leads elsewhere"
BUTTON_SUMMARY_CHANGED = "Answer in short changed"
BUTTONS_REORDERED = "Buttons reordered"
FIRST_QUESTION_CHANGED = "First question changed"
GREETING_CHANGED = "Greeting reworded"
GOODBYE_CHANGED = "Goodbye reworded"
TITLE_CHANGED = "Title changed"
OWN_WORD_CHANGED = "Own words reworded"
LANGUAGES_CHANGED = "Languages changed"
TRANSLATION_CHANGED = "Translation changed"
PICTURE_CHANGED = "Picture changed"
FEEDBACK_CHANGED = "Recommendations' buttons changed"
OPENING_HOURS_CHANGED = "Opening hours changed"
STEP_ASKS_PERSON = "“Ask a person” on a step changed"
EMBED_ORIGINS_CHANGED = "Sites allowed to show the chat changed"

KIND_NAMES = {kind: name.lower() for kind, name in KINDS.items()}
ENGLISH = {"code": "en", "name": "English"}
#: The settings of what a recommendation offers, and what they read when on and when off.
FEEDBACK = (
    ("asks_if_helpful", "now ask “Was this helpful?”", "no longer ask “Was this helpful?”"),
    ("offers_share", "now have a Share button", "no longer have a Share button"),
)
#: The settings off unless content says otherwise, and what they read when on and off.
OFF_BY_DEFAULT = (
    (
        "offers_person",
        "now offer “Ask a person”, as does the thanks for saying what one looked for",
        "no longer offer “Ask a person”",
    ),
)
GREETINGS = (
    ("greeting", GREETING_CHANGED, "greeting"),
    ("goodbye", GOODBYE_CHANGED, "goodbye message"),
)


@dataclass(frozen=True)
class Change:
    what: str
    step_key: str
    step_id: int | None
    summary: str
    old: str = ""
    new: str = ""
    #: What discarding this change alone puts back: "step:12", "button:40", "order:12",
    #: "map:greeting", "text:back", "language:es", "translation:es" (advisor.core.undo).
    unit: str = ""
