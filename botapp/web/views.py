"""The chat page of a map and its pictures: a request in, advisor.conversation's screens out,
as plain links (no session: the path travels in each link, as in Telegram's callback data).
With JavaScript, htmx fetches each answer's chat alone (an HX-Request) and swaps it in."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString

from advisor import conversation
from advisor.core.callbacks import Finish, Go, Restart, decode
from advisor.core.graph import MapGraph
from advisor.core.screens import Screen
from advisor.core.texts import normalized
from advisor.loading import MapState, map_by_slug
from advisor.markup import as_page_html
from advisor.models import Picture
from botapp.web import visitors, visits
from botapp.web.languages import accepted_languages

#: A map's short name as the admin allows it (Django's SlugField, 50 characters).
SHORT_NAME = re.compile(r"[-A-Za-z0-9_]{1,50}")
#: Where a page puts the newest message, which each link of the chat opens at.
NEWEST = "now"
#: The chat page's own policy: its stylesheet, its pictures and htmx's file (no inline script,
#: no eval), htmx's requests to this site, never framed (the embed, a later part of issue 25,
#: lists the sites a map allows in frame-ancestors).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self'; "
    "style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: The actions a web chat's link carries (votes and "Ask a person" are not offered yet).
ANSWERED_HERE = (Go, Restart, Finish)


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    #: Opens a web page (a link button), in a new tab.
    external: bool = False


@dataclass(frozen=True)
class Message:
    """One of the bot's messages: its formatted text, its picture, the answer given under it."""

    text: SafeString
    picture_url: str = ""
    answer: str = ""


class Page:
    """Builds a chat page's links: each keeps the language chosen with the switcher."""

    def __init__(self, graph: MapGraph, language: str, chosen: bool, visitor: int):
        self.graph, self.language, self.visitor = graph, language, visitor
        self.kept = {"lang": language} if chosen else {}

    def href(self, data: str | None = None, language: str | None = None) -> str:
        query = {"go": data} if data else {}
        query.update({"lang": language} if language else self.kept)
        query[visitors.PARAMETER] = self.visitor
        return f"?{urlencode(query, safe=':.')}#{NEWEST}"

    def message(self, screen: Screen, answer: str = "") -> Message:
        picture = ""
        if screen.picture:
            picture = reverse("web-picture", args=[self.graph.slug, screen.picture])
        return Message(as_page_html(screen.text), picture, answer)

    def rows(self, screen: Screen) -> list[list[Link]]:
        """The screen's buttons as links, row by row: answers, link buttons, navigation."""
        rows = []
        for row in screen.rows:
            links = [self.link(choice) for choice in row]
            if links := [link for link in links if link is not None]:
                rows.append(links)
        if not screen.rows:  # the goodbye: the way back to the start
            rows.append([Link(self.graph.wording(self.language)["start_over"], self.href())])
        return rows

    def link(self, choice) -> Link | None:
        if choice.url:
            return Link(choice.label, choice.url, external=True)
        if isinstance(decode(choice.data), ANSWERED_HERE):
            return Link(choice.label, self.href(choice.data))
        return None

    def languages(self, data: str | None) -> list[tuple[str, Link]]:
        """The switcher: each language's code, and its link keeping the chat where it is."""
        names = self.graph.language_names
        return [
            (code, Link(names.get(code, code), self.href(data, code)))
            for code in self.graph.languages
        ]


def chat_page(request, slug: str) -> HttpResponse:
    if not SHORT_NAME.fullmatch(slug):
        return unavailable(request, MapState.UNKNOWN)
    data, chosen = request.GET.get("go"), request.GET.get("lang", "")
    accepted = accepted_languages(request.headers.get("Accept-Language", ""))
    found = conversation.web_chat(slug, data, accepted, chosen)
    if found.chat is None:
        return unavailable(request, found.state)
    chat, graph = found.chat, found.graph
    here = data if decode(data) is not None and not chat.screen.notice else None
    chosen_here = normalized(chosen) == chat.language
    page = Page(graph, chat.language, chosen_here, visitors.visitor_of(request))
    visits.record_view(request, data, chat, page.visitor)
    earlier = [page.message(exchange.screen, exchange.answer) for exchange in chat.earlier]
    context = {
        "language": chat.language,
        "title": graph.wording(chat.language)["title"],
        "earlier": earlier,
        "newest": page.message(chat.screen),
        "newest_id": NEWEST,
        "rows": page.rows(chat.screen),
        "languages": page.languages(here) if len(graph.languages) > 1 else [],
    }
    template = "web/chat.html"
    if swapped_in(request):
        template, context["fragment"] = "web/chat_fragment.html", True
    response = render(request, template, context)
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    # The page's language follows Accept-Language; htmx's requests get the chat alone.
    patch_vary_headers(response, ["Accept-Language", "HX-Request"])
    return response


def swapped_in(request) -> bool:
    """Whether htmx asks for the chat alone, to swap it into the page it has (a history
    restore, which replaces the whole page, gets the whole page)."""
    headers = request.headers
    return headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in headers


#: What a page says of a short name users cannot open, by why.
UNAVAILABLE = {
    MapState.UNKNOWN: "There is no map with this name here. Check the link you followed.",
    MapState.OFFLINE: "This map is not available. It may come back later.",
    MapState.ARCHIVED: "This map is not available. It may come back later.",
}


def unavailable(request, state: MapState) -> HttpResponse:
    """A page in plain words for a map users cannot open: 404 (the map may come back)."""
    context = {"language": "en", "title": "Map not found", "said": UNAVAILABLE[state]}
    if state != MapState.UNKNOWN:
        context["title"] = "This map is not available"
    response = render(request, "web/unavailable.html", context, status=404)
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


def picture(request, slug: str, sha256: str) -> HttpResponse:
    """A picture of the live version of an online map (no other picture is public)."""
    state, graph, _ = map_by_slug(slug) if SHORT_NAME.fullmatch(slug) else (None, None, None)
    if graph is None or sha256 not in pictures_of(graph):
        raise Http404("No such picture in this map")
    found = Picture.objects.filter(pk=sha256).values_list("data", "content_type").first()
    if found is None:
        raise Http404("No such picture in this map")
    response = HttpResponse(bytes(found[0]), content_type=found[1])
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "public, max-age=86400"  # named by its hash: it never changes
    return response


def pictures_of(graph: MapGraph) -> set[str]:
    """The hashes of every picture a map's version shows, in any of its languages."""
    return {
        node.picture_in(language)
        for node in graph.nodes.values()
        for language in graph.languages or (graph.language,)
    } - {""}
