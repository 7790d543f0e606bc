"""What a chat page shows, built from advisor.conversation's screens: the bot's messages, and
the buttons under the newest as links (answers, Back, Start over, Done), as POST forms
carrying a signed token (a vote: botapp.web.tokens), and Share under a recommendation."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString

from advisor.core.callbacks import Finish, Go, Restart, Vote, decode, encode
from advisor.core.feedback import deep_link
from advisor.core.graph import MapGraph
from advisor.core.screens import Screen
from advisor.markup import as_page_html
from botapp.web import tokens, visitors

#: Where a page puts the newest message, which each link of the chat opens at.
NEWEST = "now"
#: The actions a web chat's link carries ("Ask a person" needs Telegram: not offered).
ANSWERED_HERE = (Go, Restart, Finish)


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    #: Opens a web page (a link button), in a new tab.
    external: bool = False
    #: A vote's signed token: the link is the button of a POST form whose action is ``href``.
    token: str = ""


@dataclass(frozen=True)
class Message:
    """One of the bot's messages: its formatted text, its picture, the answer given under it."""

    text: SafeString
    picture_url: str = ""
    answer: str = ""


@dataclass(frozen=True)
class Share:
    """Share under a recommendation: its label, this page's link to it, and the bot's."""

    label: str
    web: str
    telegram: str = ""


class Page:
    """Builds a chat page's links: each keeps the language chosen with the switcher and the
    visitor's number. ``base``: the chat page's address, for a page answering a form's POST
    (another address); a page of the chat itself links by its query alone."""

    def __init__(
        self,
        graph: MapGraph,
        language: str,
        chosen: bool,
        visitor: int,
        base: str = "",
        draft: bool = False,
    ):
        self.graph, self.language, self.visitor, self.base = graph, language, visitor, base
        self.kept = {"lang": language} if chosen else {}
        #: Editors' page of the draft: its pictures, no vote and no Share (both are users').
        self.draft = draft
        self.picture_route = "web-draft-picture" if draft else "web-picture"

    def href(self, data: str | None = None, language: str | None = None) -> str:
        query = {"go": data} if data else {}
        query.update({"lang": language} if language else self.kept)
        query[visitors.PARAMETER] = self.visitor
        return f"{self.base}?{urlencode(query, safe=':.')}#{NEWEST}"

    def action(self) -> str:
        """Where the page's forms are sent (botapp.web.feedback), keeping the language."""
        query = f"?{urlencode(self.kept)}" if self.kept else ""
        return f"{reverse('web-feedback', args=[self.graph.slug])}{query}#{NEWEST}"

    def token(self, kind: str, data: str) -> str:
        return tokens.sign(kind, self.graph.id, data, self.visitor)

    def message(self, screen: Screen, answer: str = "") -> Message:
        picture = ""
        if screen.picture:
            picture = reverse(self.picture_route, args=[self.graph.slug, screen.picture])
        return Message(as_page_html(screen.text), picture, answer)

    def rows(self, screen: Screen) -> list[list[Link]]:
        """The screen's buttons, row by row: votes, answers, link buttons, navigation; Start
        over alone under a screen with none the web offers (the goodbye, a reason's thanks)."""
        rows = []
        for row in screen.rows:
            links = [self.link(choice) for choice in row]
            if links := [link for link in links if link is not None]:
                rows.append(links)
        if not rows:
            rows.append([Link(self.graph.wording(self.language)["start_over"], self.href())])
        return rows

    def link(self, choice) -> Link | None:
        if choice.url:
            return Link(choice.label, choice.url, external=True)
        action = decode(choice.data)
        if isinstance(action, Vote):
            if self.draft:
                return None
            return Link(choice.label, self.action(), token=self.token(tokens.VOTE, choice.data))
        if isinstance(action, ANSWERED_HERE):
            return Link(choice.label, self.href(choice.data))
        return None

    def languages(self, data: str | None) -> list[tuple[str, Link]]:
        """The switcher: each language's code, and its link keeping the chat where it is."""
        names = self.graph.language_names
        return [
            (code, Link(names.get(code, code), self.href(data, code)))
            for code in self.graph.languages
        ]

    def share(self, request, screen: Screen) -> Share | None:
        """Share under a recommendation where the map offers it: this page's address of the
        step alone (as a shared Telegram link opens it: ids stay across publishes, no
        visitor's number), and the bot's deep link where the bot has a username."""
        node = self.graph.nodes.get(screen.node_id) if screen.node_id else None
        if self.draft or screen.notice:
            return None
        if not (self.graph.offers_share and node and node.is_recommendation):
            return None
        step = urlencode({"go": encode(Go(self.graph.id, node.id))}, safe=":")
        web = request.build_absolute_uri(f"{reverse('web-chat', args=[self.graph.slug])}?{step}")
        username = settings.TELEGRAM_BOT_USERNAME.strip().lstrip("@")
        telegram = deep_link(self.graph.id, node.id, username) if username else ""
        return Share(self.graph.wording(self.language)["share"], web, telegram)
