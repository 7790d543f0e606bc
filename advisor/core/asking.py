"""What the Telegram side needs when a user asks for a person of the team: the map's words
for the conversation in the user's language, whether the team answers now, and for an
"Ask a person" press the step reached with the answers that led there, as plain data
(the team's card is the adapter's to draw). Pure, like the engine."""

from dataclasses import dataclass
from datetime import datetime

from advisor.core.callbacks import Ask, Restart, encode
from advisor.core.engine import offers_person, pressed_buttons
from advisor.core.graph import MapGraph
from advisor.core.hours import hours_in_words, is_open
from advisor.core.markup import escape, plain
from advisor.core.texts import HOURS_PLACEHOLDER, MAP_DEFAULTS, Wording

#: The words as shipped, for a conversation when no map is online.
SHIPPED = Wording(MAP_DEFAULTS, {})


@dataclass(frozen=True)
class HandoffWords:
    """The map's words for a conversation with the team, in one language: messages as
    Telegram's HTML (escaped, ready to send), buttons as plain text."""

    #: "A person from our team will answer here"
    will_answer: str
    #: "We answer Monday to Friday, 9:00–17:00 (Europe/Madrid) — leave your message"; empty
    #: while the team answers.
    out_of_hours: str
    end_button: str
    #: When the team closes the conversation.
    closed: str
    back_button: str
    #: "Was this helpful?" about the person's answer, and its two buttons (the map's own
    #: helpful words, reused).
    helpful: str
    helpful_yes: str
    helpful_no: str
    #: To a blocked user who writes.
    blocked: str
    #: To a user who writes faster than the team's group takes ("please wait").
    slow_down: str
    #: When no team group can take the conversation (none connected, or the bot was removed).
    unavailable: str
    #: The notice after a vote on the person's answer (plain words: a button press's notice).
    vote_thanks: str


@dataclass(frozen=True)
class Handoff:
    """A map's side of a conversation with the team, for one user."""

    map_id: int
    map_slug: str
    #: The map's title in the user's language.
    map_title: str
    #: The language the user reads the map in (a code of the map's languages).
    language: str
    #: Whether the team answers now (the map's opening hours; always without them).
    is_open: bool
    #: The opening hours in words in the user's language; empty for always.
    hours: str
    words: HandoffWords
    #: The callback data of "Back to the map" (the map's start).
    back_data: str


@dataclass(frozen=True)
class Asked:
    """An "Ask a person" press: where the user was on the map when they asked."""

    handoff: Handoff
    step_id: int
    step_key: str
    #: "question", "recommendation" or "dead_end".
    step_kind: str
    #: The step's message in plain words (no formatting), in the user's language.
    step_text: str
    #: The recommendation's text in plain words; empty when the step is not one.
    recommendation: str
    #: The labels of the buttons pressed to get there, oldest first, in the user's language.
    answers: tuple[str, ...]
    #: Whether ``answers`` start at the map's first question (a very long walk drops the
    #: oldest from the button's data).
    answers_from_start: bool
    #: Whether the step offers "Ask a person" in the live version (False: a press from an
    #: older version of the map, or forged).
    offered: bool


def handoff(graph: MapGraph, language_code: str, now: datetime) -> Handoff:
    """The map's side of a conversation for a user with this Telegram language code, at
    ``now`` (an aware datetime)."""
    language = graph.language_for(language_code)
    words = graph.wording(language)
    hours = hours_in_words(graph.opening_hours, language)
    open_now = is_open(graph.opening_hours, now)
    return Handoff(
        map_id=graph.id,
        map_slug=graph.slug,
        map_title=words["title"],
        language=language,
        is_open=open_now,
        hours=hours,
        words=handoff_words(words, "" if open_now else hours),
        back_data=encode(Restart(graph.id)),
    )


def handoff_words(words: Wording = SHIPPED, closed_hours: str = "") -> HandoffWords:
    """The conversation's words of a map's wording in one language (by default the shipped
    words, for when no map is online); ``closed_hours``: the opening hours in words while
    the team does not answer (empty while it does)."""
    out_of_hours = ""
    if closed_hours:
        out_of_hours = escape(words["out_of_hours"]).replace(
            HOURS_PLACEHOLDER, escape(closed_hours)
        )
    return HandoffWords(
        will_answer=escape(words["person_will_answer"]),
        out_of_hours=out_of_hours,
        end_button=words["end_conversation"],
        closed=escape(words["conversation_closed"]),
        back_button=words["back_to_map"],
        helpful=escape(words["helpful"]),
        helpful_yes=words["helpful_yes"],
        helpful_no=words["helpful_no"],
        blocked=escape(words["conversation_blocked"]),
        slow_down=escape(words["slow_down"]),
        unavailable=escape(words["team_unavailable"]),
        vote_thanks=words["vote_thanks"],
    )


def asked(graph: MapGraph, ask: Ask, language_code: str, now: datetime) -> Asked | None:
    """Where an "Ask a person" press was made, or None when the map no longer has its path
    (or the press is for another map)."""
    pressed = pressed_buttons(graph, ask.go) if ask.map_id == graph.id else None
    if pressed is None:
        return None
    node = graph.nodes[pressed[-1].target_id] if pressed else graph.nodes[ask.go.anchor_id]
    side = handoff(graph, language_code, now)
    text = plain(node.text_in(side.language)).strip()
    return Asked(
        handoff=side,
        step_id=node.id,
        step_key=node.key,
        step_kind=node.kind,
        step_text=text,
        recommendation=text if node.is_recommendation else "",
        answers=tuple(button.label_in(side.language) for button in pressed),
        answers_from_start=ask.go.anchor_id == graph.start_id,
        offered=offers_person(graph, node),
    )
