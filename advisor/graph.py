"""An immutable in-memory copy of one map, and a per-process cache of them.

Users see a map's live version: each update costs one small query (the live version's id),
and a version is read again only after a publish changed it. Editors' pages show the draft,
cached while its revision stays the same.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from threading import Lock
from types import MappingProxyType

from django.db import connection

from advisor.mapfile import export_map
from advisor.models import BotTexts, Map, MapVersion, Node
from advisor.texts import DEFAULT_BOT_WORDS, MAP_DEFAULTS, BotWords, Wording, language_for

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

    @property
    def is_question(self) -> bool:
        return self.kind == Node.Kind.QUESTION

    @property
    def is_recommendation(self) -> bool:
        return self.kind == Node.Kind.RECOMMENDATION

    @property
    def kind_name(self) -> str:
        """The kind in plain words: "question", "recommendation", "dead end"."""
        return Node.Kind(self.kind).label.lower()

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
    #: The map's own words (advisor.texts.MAP_TEXTS), editors' changes applied.
    texts: Mapping[str, str] = field(default_factory=lambda: dict(MAP_DEFAULTS))
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: Whether recommendations ask "Was this helpful?", and offer a Share button.
    asks_if_helpful: bool = True
    offers_share: bool = True

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
        )
        for node in content["nodes"]
    }
    language = content.get("language", {}).get("code", "en")
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
        texts={**MAP_DEFAULTS, **content.get("texts", {})},
        translations=content.get("translations", NO_TRANSLATIONS),
        # Versions from before these settings: both on, as for a new map.
        asks_if_helpful=content.get("asks_if_helpful", True),
        offers_share=content.get("offers_share", True),
    )


def _button(button: dict, ids: dict) -> "ButtonView":
    return ButtonView(
        button["id"],
        button["label"],
        ids.get(button.get("target")),
        button.get("summary", ""),
        button.get("translations", NO_TRANSLATIONS),
        button.get("url", ""),
    )


def load_draft(map_id: int) -> MapGraph | None:
    """Read a map's draft from the database (three queries)."""
    map_obj = Map.objects.filter(pk=map_id).first()
    if map_obj is None:
        return None
    return graph_from_content(map_id, export_map(map_obj, with_ids=True), map_obj.draft_revision)


def version_graph(version: MapVersion) -> MapGraph:
    """The graph of one published version."""
    return graph_from_content(version.map_id, version.content, version.id)


_cache: dict[tuple[int, bool], MapGraph] = {}
_cache_lock = Lock()


@dataclass(frozen=True)
class MapEntry:
    """What users can see of an online map before opening it."""

    id: int
    slug: str
    live_version_id: int
    is_default: bool

    def live_graph(self) -> "MapGraph | None":
        return live_graph_for(self.id, self.live_version_id)


_ONLINE = "m.is_published AND m.live_version_id IS NOT NULL"


def _online_rows(columns: str, condition: str = "", params=()) -> tuple[list[tuple], int | None]:
    """Online maps' rows and the bot texts' revision in one query: the maps joined onto the
    bot texts' row, which costs no more than the maps alone (a UNION costs half as much
    again). Without that row, the maps alone and no revision (the default words)."""
    sql = (
        f"SELECT b.revision, {columns} FROM advisor_bottexts b LEFT JOIN advisor_map m "
        f"ON {_ONLINE} {condition} WHERE b.id = {BotTexts.ROW_ID}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if not rows:
            cursor.execute(
                f"SELECT NULL, {columns} FROM advisor_map m WHERE {_ONLINE} {condition}", params
            )
            rows = cursor.fetchall()
    revision = rows[0][0] if rows else None
    return [row[1:] for row in rows if row[1] is not None], revision


def online_maps() -> tuple[list[MapEntry], BotWords]:
    """The maps users can open, default first, and the bot-wide words (one query). The
    picker orders them by their live titles (an editor's draft title shows nowhere yet)."""
    rows, revision = _online_rows("m.id, m.slug, m.live_version_id, m.is_default")
    rows.sort(key=lambda row: (not row[3], row[0]))  # the default first
    return [MapEntry(*row) for row in rows], bot_words(revision)


_bot_words: list[BotWords] = [DEFAULT_BOT_WORDS]


def bot_words(revision: int | None) -> BotWords:
    """The bot-wide words at this revision (None: never edited): the cached copy, or one
    query after an edit."""
    if revision is None:
        return DEFAULT_BOT_WORDS
    cached = _bot_words[0]
    if cached.revision != revision:
        row = BotTexts.objects.filter(pk=BotTexts.ROW_ID).first()
        cached = BotWords(row.texts, row.translations, row.revision) if row else DEFAULT_BOT_WORDS
        _bot_words[0] = cached
    return cached


def current_bot_words() -> BotWords:
    """The bot-wide words as they are now (one query while cached)."""
    row = BotTexts.objects.filter(pk=BotTexts.ROW_ID).values_list("revision", flat=True)
    return bot_words(row.first())


def _cached(map_id: int, live: bool, stamp: int, load) -> MapGraph | None:
    cached = _cache.get((map_id, live))
    if cached is not None and cached.stamp == stamp:
        return cached
    graph = load()
    if graph is not None:
        with _cache_lock:
            _cache[map_id, live] = graph
    return graph


def live_graph_for(map_id: int, version_id: int) -> MapGraph | None:
    """The map's live version, whose id the caller read: the cached copy, or one query."""

    def load():
        version = MapVersion.objects.filter(pk=version_id).first()
        return version_graph(version) if version else None

    return _cached(map_id, True, version_id, load)


def live_graph(map_id: int | None = None) -> MapGraph | None:
    """The live version users see of a map (by default the default online map), cached."""
    if map_id is None:
        maps, _ = online_maps()
        return maps[0].live_graph() if maps else None
    return live_graph_and_words(map_id)[0]


def live_graph_and_words(map_id: int) -> tuple[MapGraph | None, BotWords]:
    """An online map's live version and the bot-wide words (one query while both are cached).

    The query of each press, written out in SQL because building it with the ORM takes five
    times the CPU of running it (README, "Performance")."""
    rows, revision = _online_rows("m.id, m.live_version_id", "AND m.id = %s", [map_id])
    graph = live_graph_for(*rows[0]) if rows else None
    return graph, bot_words(revision)


def draft_graph(map_id: int) -> MapGraph | None:
    """The map's draft, as editors see it in the admin, cached while no edit happened."""
    revision = Map.objects.filter(pk=map_id).values_list("draft_revision", flat=True).first()
    return _cached(map_id, False, revision, lambda: load_draft(map_id)) if revision else None
