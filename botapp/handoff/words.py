"""PLACEHOLDERS for the map side of issue 27 (built in advisor/ by another branch): the words
of a conversation with the team, and the "Ask a person" button's data. When that branch lands,
read the words from the map's texts (advisor.core.texts MAP_TEXTS / BOT_TEXTS) and the action
from advisor.core.callbacks (``Ask(go)``), and delete this module.

Contract: the words are the map's texts under the keys below, in the user's language, with
these English defaults; the button's callback data is ``a:`` followed by a Go's numbers.
"""

from advisor.core.callbacks import Go, decode
from advisor.core.graph import MapGraph

#: The words' keys and their English defaults.
DEFAULTS = {
    "person_will_answer": "A person from our team will answer here. Write your question.",
    "person_out_of_hours": "We answer on working days — leave your message and we will reply.",
    "person_unavailable": "Nobody from our team can answer here yet. Please try again later.",
    "person_end_button": "End the conversation",
    "person_closed": "This conversation is closed. Thank you for writing to us!",
    "person_back_to_map": "Back to the map",
    "person_was_helpful": "Was this helpful?",
    "person_helpful_yes": "👍 Yes",
    "person_helpful_no": "👎 No",
    "person_thanks": "Thank you!",
    "person_please_wait": "Please wait: the team receives your messages in order.",
    "person_group_gone": (
        "Our team cannot receive messages here at the moment. Please try again later."
    ),
    "person_blocked": "This conversation is closed.",
}
#: The Ask button's data prefix (advisor.core.callbacks' ``Ask``).
ASK_PREFIX = "a:"


def word(graph: MapGraph | None, language: str, key: str) -> str:
    """The map's word for ``key`` in ``language``, else the English default."""
    if graph is not None:
        try:
            return graph.wording(graph.language_for(language))[key]
        except KeyError:
            pass
    return DEFAULTS[key]


def ask_go(data: str | None) -> Go | None:
    """The step an "Ask a person" press was made on (its Go), or None if the data is not one."""
    if not data or not data.startswith(ASK_PREFIX):
        return None
    action = decode("g:" + data[len(ASK_PREFIX) :])
    return action if isinstance(action, Go) else None
