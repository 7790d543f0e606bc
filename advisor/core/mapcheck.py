"""The "Check this map" findings, pure over a MapGraph: the admin report and
``manage.py checkmap`` both show what ``check_map`` returns.

The bot adds Start over and Done under every recommendation and dead end (and under a
question with no buttons), so those steps always have a way out. A recommendation still
"offers no way on" when one of its own buttons (say "Not working") leads back to itself.
The real trap is a loop of questions from which no answer ever reaches an end.
"""

from collections import deque
from dataclasses import dataclass

from advisor.core.callbacks import CALLBACK_DATA_LIMIT, Go, encode
from advisor.core.engine import greeting, node_text, text_limit
from advisor.core.graph import MapGraph, NodeView
from advisor.core.markup import telegram_length
from advisor.core.texts import BUTTON_LIMIT, start_of

NO_START = "No first question"
UNREACHABLE = "Cannot be reached"
NO_BUTTONS = "Question with no answer buttons"
NO_WAY_ON = "Recommendation with a button that goes nowhere"
NO_EXIT = "Loop with no way out"
DATA_TOO_LONG = "Route too long for Telegram's button data"
MESSAGE_TOO_LONG = "Message too long for Telegram"
MISSING_TRANSLATIONS = "Missing translations"
TRANSLATION_TOO_LONG = "Translated button text too long"
#: The problems in the order the report lists them.
PROBLEMS = (
    NO_START,
    UNREACHABLE,
    NO_BUTTONS,
    NO_WAY_ON,
    NO_EXIT,
    DATA_TOO_LONG,
    MESSAGE_TOO_LONG,
)
#: The longest first name Telegram allows: the greeting is measured with it.
LONGEST_FIRST_NAME = "W" * 64
#: Findings about translations: warnings only (users get the default language's words).
TRANSLATION_WARNINGS = (MISSING_TRANSLATIONS, TRANSLATION_TOO_LONG)


@dataclass(frozen=True)
class Finding:
    problem: str
    message: str
    node_id: int | None = None
    node_key: str = ""
    language: str = ""
    #: The start of the step's message: how the report names it.
    node_name: str = ""


def check_map(graph: MapGraph) -> list[Finding]:
    """Every problem of a map, ordered by problem then step; empty when the map is clean."""
    if graph.start is None:
        return [Finding(NO_START, "Pick a first question: until then /start shows no map.")]
    routes = _shortest_routes(graph)
    findings = [
        *_unreachable(graph, routes),
        *_questions_without_buttons(graph),
        *_buttons_back_to_themselves(graph),
        *_loops_without_exit(graph),
        *_routes_too_long(graph, routes),
        *_messages_too_long(graph, routes),
    ]
    findings.sort(key=lambda f: (PROBLEMS.index(f.problem), f.node_key))
    return findings + translation_warnings(graph)


def translation_warnings(graph: MapGraph) -> list[Finding]:
    """Per translation: how many texts it lacks (users read those in the default language),
    and translated button texts over Telegram's limit."""
    findings = []
    for language in graph.languages[1:]:
        own = graph.translations.get(language, {})
        originals = {"title": graph.title, "greeting": graph.greeting, "goodbye": graph.goodbye}
        originals.update(graph.texts)
        missing = sum(1 for key, value in originals.items() if value and not own.get(key))
        for node in graph.nodes.values():
            missing += not node.translations.get(language, {}).get("text")
            for button in (*node.buttons, *node.links):
                words = button.translations.get(language, {})
                missing += not words.get("label")
                missing += bool(button.summary) and not words.get("summary")
                if len(words.get("label", "")) > BUTTON_LIMIT:
                    message = (
                        f"The {language} text of button '{button.label}' has "
                        f"{len(words['label'])} characters; keep it to {BUTTON_LIMIT}."
                    )
                    findings.append(
                        Finding(
                            TRANSLATION_TOO_LONG,
                            message,
                            node.id,
                            node.key,
                            language,
                            start_of(node.text),
                        )
                    )
        if missing:
            message = (
                f"{missing} text(s) have no {language} translation: users whose language is "
                f"{language} read them in {graph.language}."
            )
            findings.append(Finding(MISSING_TRANSLATIONS, message, language=language))
    return findings


def _finding(problem: str, node: NodeView, message: str) -> Finding:
    return Finding(problem, message, node.id, node.key, node_name=start_of(node.text))


def _shortest_routes(graph: MapGraph) -> dict[int, tuple[int, ...]]:
    """For each step reachable from the first question, the buttons of a shortest route."""
    routes = {graph.start_id: ()}
    queue = deque([graph.start_id])
    while queue:
        node_id = queue.popleft()
        for button in graph.nodes[node_id].buttons:
            if button.target_id not in routes:
                routes[button.target_id] = (*routes[node_id], button.id)
                queue.append(button.target_id)
    return routes


def _unreachable(graph: MapGraph, routes: dict) -> list[Finding]:
    message = "No button leads here from the first question, so users never see it."
    return [_finding(UNREACHABLE, n, message) for n in graph.nodes.values() if n.id not in routes]


def _questions_without_buttons(graph: MapGraph) -> list[Finding]:
    message = (
        "The bot shows only Start over and Done under it: add answer buttons, "
        "or make it a recommendation or a dead end."
    )
    return [
        _finding(NO_BUTTONS, node, message)
        for node in graph.nodes.values()
        if node.is_question and not node.buttons
    ]


def _buttons_back_to_themselves(graph: MapGraph) -> list[Finding]:
    return [
        _finding(
            NO_WAY_ON,
            node,
            f"Its button '{button.label}' leads back to this same step: point it at the "
            "next thing to try, or remove it.",
        )
        for node in graph.nodes.values()
        if not node.is_question
        for button in node.buttons
        if button.target_id == node.id
    ]


def _loops_without_exit(graph: MapGraph) -> list[Finding]:
    """Questions from which no sequence of answers reaches a step that ends the walk."""
    leads_here: dict[int, list[int]] = {node_id: [] for node_id in graph.nodes}
    for node in graph.nodes.values():
        for button in node.buttons:
            leads_here[button.target_id].append(node.id)
    ends = [n.id for n in graph.nodes.values() if not n.is_question or not n.buttons]
    can_end, queue = set(ends), deque(ends)
    while queue:
        for source in leads_here[queue.popleft()]:
            if source not in can_end:
                can_end.add(source)
                queue.append(source)
    message = (
        "Every answer from here goes round in a loop of questions: no recommendation or "
        "dead end can be reached. Point one of the answers out of the loop."
    )
    return [_finding(NO_EXIT, n, message) for n in graph.nodes.values() if n.id not in can_end]


def _data_bytes(graph: MapGraph, route: tuple[int, ...]) -> int:
    return len(encode(Go(graph.id, graph.start_id, route)).encode())


def _routes_too_long(graph: MapGraph, routes: dict) -> list[Finding]:
    """Steps where, on the shortest route, the buttons first need more than 64 bytes."""
    findings = []
    for node_id, route in routes.items():
        node = graph.nodes[node_id]
        if not node.buttons or _data_bytes(graph, route) > CALLBACK_DATA_LIMIT:
            continue
        needed = _data_bytes(graph, (*route, max(button.id for button in node.buttons)))
        if needed > CALLBACK_DATA_LIMIT:
            message = (
                f"It takes {len(route)} answers to get here, and its buttons would need "
                f"{needed} bytes of button data (Telegram allows {CALLBACK_DATA_LIMIT}): the "
                "bot still answers, but Back cannot return to the first question. Make the "
                "route shorter."
            )
            findings.append(_finding(DATA_TOO_LONG, node, message))
    return findings


def _messages_too_long(graph: MapGraph, routes: dict) -> list[Finding]:
    """Steps whose message, as Telegram counts it, goes over its limit in some language:
    with the documentation link, the answers that led there on the shortest route, and for
    the first question the greeting to a user with the longest first name."""
    findings = []
    for node_id, route in routes.items():
        node = graph.nodes[node_id]
        for language in graph.languages or (graph.language,):
            text = node_text(graph, Go(graph.id, graph.start_id, route), node, language)
            if node_id == graph.start_id:
                text = greeting(graph, language, LONGEST_FIRST_NAME) + text
            length, limit = telegram_length(text), text_limit(node, language)
            if length > limit:
                under = "a picture's caption" if node.picture_in(language) else "a message"
                message = (
                    f"In {language}, what the bot sends here is {length} characters long as "
                    f"Telegram counts them (with its link, the answers that led there and the "
                    f"greeting); Telegram allows {limit} in {under}. Shorten the message."
                )
                findings.append(
                    Finding(
                        MESSAGE_TOO_LONG,
                        message,
                        node.id,
                        node.key,
                        language,
                        start_of(node.text),
                    )
                )
    return findings
