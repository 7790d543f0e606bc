"""A map as the bot and the editors' pages read it: an immutable graph of steps (questions,
recommendations, dead ends) joined by buttons, and Telegram's limits on them. Pure values:
loading one from the database is advisor.loading's."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from advisor.core.hours import OpeningHours, hours_from
from advisor.core.texts import MAP_DEFAULTS, Wording, language_for

#: Telegram refuses a message text longer than this.
TELEGRAM_TEXT_LIMIT = 4096
#: Longest node message, leaving room in a Telegram message for greeting, notices and links.
NODE_TEXT_LIMIT = TELEGRAM_TEXT_LIMIT - 596
#: Longest button label that still fits a phone screen on one line.
BUTTON_LABEL_LIMIT = 32

#: A step's kinds, as stored, and their names.
QUESTION, RECOMMENDATION, DEAD_END = "question", "recommendation", "dead_end"
KINDS = {QUESTION: "Question", RECOMMENDATION: "Recommendation", DEAD_END: "Dead end"}

NO_TRANSLATIONS: Mapping[str, Mapping[str, str]] = MappingProxyType({})


@dataclass(frozen=True)
class ButtonView:
    id: int
    label: str
    #: The step it leads to; None for a link button, which opens ``url`` instead.
    target_id: int | None
    summary: str = ""
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    url: str = ""

    def url_in(self, language: str) -> str:
        """A link button's address for readers of a language (each may have its own)."""
        return self.translations.get(language, {}).get("url") or self.url

    def label_in(self, language: str) -> str:
        return self.translations.get(language, {}).get("label") or self.label

    def summary_in(self, language: str) -> str:
        """The answer in short, each of its fallbacks in this order."""
        translated = self.translations.get(language, {})
        return translated.get("summary") or self.summary or self.label_in(language)


@dataclass(frozen=True)
class NodeView:
    id: int
    key: str
    kind: str
    text: str
    doc_url: str
    #: The answers, each leading to a step.
    buttons: tuple[ButtonView, ...]
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: The link buttons, each opening a web page; shown under the answers.
    links: tuple[ButtonView, ...] = ()
    #: The SHA-256 of its picture (advisor.models.Picture), empty for none.
    picture: str = ""
    #: Whether it offers "Ask a person" whatever the map's setting.
    offers_person: bool = False

    @property
    def is_question(self) -> bool:
        return self.kind == QUESTION

    @property
    def is_recommendation(self) -> bool:
        return self.kind == RECOMMENDATION

    @property
    def kind_name(self) -> str:
        """The kind in plain words: "question", "recommendation", "dead end"."""
        return KINDS[self.kind].lower()

    def text_in(self, language: str) -> str:
        return self.translations.get(language, {}).get("text") or self.text

    def picture_in(self, language: str) -> str:
        """The picture readers of a language see: their own, else the step's."""
        return self.translations.get(language, {}).get("picture") or self.picture


@dataclass(frozen=True)
class MapGraph:
    id: int
    slug: str
    title: str
    greeting: str
    goodbye: str
    start_id: int | None
    #: What the cache compares: the live version's id, or the draft's revision.
    stamp: int
    nodes: dict[int, NodeView]
    language: str = "en"
    languages: tuple[str, ...] = ()
    #: Each language's name, by code, as the map names it ("Español").
    language_names: Mapping[str, str] = field(default_factory=dict)
    #: The map's own words (advisor.core.texts.MAP_TEXTS), editors' changes applied.
    texts: Mapping[str, str] = field(default_factory=lambda: dict(MAP_DEFAULTS))
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: Whether recommendations ask "Was this helpful?", and offer a Share button.
    asks_if_helpful: bool = True
    offers_share: bool = True
    #: Whether recommendations (and the thanks for a reason) offer "Ask a person".
    offers_person: bool = False
    #: When a person of the team answers; None: always.
    opening_hours: OpeningHours | None = None
    #: The sites allowed to show the web chat in a frame (advisor.core.origins).
    embed_origins: tuple[str, ...] = ()

    @property
    def start(self) -> NodeView | None:
        return self.nodes.get(self.start_id)

    def language_for(self, language_code: str | None) -> str:
        """The language a user with this Telegram language code reads this map in."""
        return language_for(language_code, self.languages, self.language)

    def wording(self, language: str) -> Wording:
        """The map's title, greeting, goodbye and own words in a language."""
        own = {"title": self.title, "greeting": self.greeting, "goodbye": self.goodbye}
        return Wording({**self.texts, **own}, self.translations.get(language, {}))


def graph_from_content(map_id: int, content: dict, stamp: int) -> MapGraph:
    """A map's graph from a version's content (a map file's data with ids)."""
    ids = {node["key"]: node["id"] for node in content["nodes"]}
    nodes = {
        node["id"]: NodeView(
            node["id"],
            node["key"],
            node["kind"],
            node["text"],
            node.get("doc_url", ""),
            tuple(_button(button, ids) for button in node["buttons"] if "target" in button),
            node.get("translations", NO_TRANSLATIONS),
            tuple(_button(button, ids) for button in node["buttons"] if "url" in button),
            node.get("picture", ""),
            node.get("offers_person", False),
        )
        for node in content["nodes"]
    }
    language = content.get("language", {}).get("code", "en")
    names = {language: content.get("language", {}).get("name", language)}
    names.update(
        (entry["code"], entry.get("name", entry["code"])) for entry in content.get("languages", [])
    )
    return MapGraph(
        id=map_id,
        slug=content["slug"],
        title=content["title"],
        greeting=content["greeting"],
        goodbye=content["goodbye"],
        start_id=ids.get(content["start"]),
        stamp=stamp,
        nodes=nodes,
        language=language,
        languages=(language, *(entry["code"] for entry in content.get("languages", []))),
        language_names=names,
        texts={**MAP_DEFAULTS, **content.get("texts", {})},
        translations=content.get("translations", NO_TRANSLATIONS),
        # Versions from before these settings: both on, as for a new map.
        asks_if_helpful=content.get("asks_if_helpful", True),
        offers_share=content.get("offers_share", True),
        offers_person=content.get("offers_person", False),
        opening_hours=hours_from(content.get("opening_hours")),
        embed_origins=tuple(content.get("embed_origins", ())),
    )


def _button(button: dict, ids: dict) -> ButtonView:
    return ButtonView(
        button["id"],
        button["label"],
        ids.get(button.get("target")),
        button.get("summary", ""),
        button.get("translations", NO_TRANSLATIONS),
        button.get("url", ""),
    )
