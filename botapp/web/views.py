"""The chat page of a map and its pictures: a request in, advisor.conversation's screens out,
as plain links (no session: the path travels in each link, as in Telegram's callback data).
With JavaScript, htmx fetches each answer's chat alone (an HX-Request) and swaps it in. The
forms under a recommendation are botapp.web.feedback's."""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from advisor import conversation
from advisor.core.callbacks import Vote, decode, encode
from advisor.core.graph import MapGraph
from advisor.core.texts import BotWords, Wording, language_for, normalized
from advisor.loading import MapState, current_bot_words, draft_by_slug, map_by_slug
from advisor.models import Picture
from botapp.web import drafts, framing, visitors, visits
from botapp.web.languages import accepted_languages
from botapp.web.pages import NEWEST, Page

#: A map's short name as the admin allows it (Django's SlugField, 50 characters).
SHORT_NAME = re.compile(r"[-A-Za-z0-9_]{1,50}")
#: The policy of a page users cannot open, never framed; a chat page's lets the sites its map
#: allows frame it (botapp.web.framing).
CONTENT_SECURITY_POLICY = framing.policy("'none'")
#: The language of the bot texts' defaults (advisor.core.texts.BOT_TEXTS).
DEFAULT_LANGUAGE = "en"


def chat_page(request, slug: str, draft: bool = False) -> HttpResponse:
    """A map's chat page; with ``draft``, editors' page of its draft (botapp.web.drafts),
    which records no visit and offers no vote."""
    if draft and (refusal := drafts.refused(request)):
        return refusal
    if not SHORT_NAME.fullmatch(slug):
        return unavailable(request, MapState.UNKNOWN)
    data, chosen = request.GET.get("go"), request.GET.get("lang", "")
    if isinstance(vote := decode(data), Vote):  # a vote is a form's (botapp.web.feedback)
        data = encode(vote.go)
    load = draft_by_slug if draft else map_by_slug
    found = conversation.web_chat(slug, data, accepted(request), chosen, load)
    if found.chat is None:
        return unavailable(request, found.state, found.bot)
    page = page_for(found, chosen, visitors.visitor_of(request), draft=draft)
    if not draft:  # editors' walks through the draft are no visits
        visits.record_view(request, data, found.chat, page.visitor)
    here = data if decode(data) is not None and not found.chat.screen.notice else None
    return render_chat(request, chat_context(request, page, found, here))


def accepted(request) -> list[str]:
    return accepted_languages(request.headers.get("Accept-Language", ""))


def own_words(request, bot: BotWords | None = None) -> tuple[str, Wording]:
    """A page with no chat (no map, a form refused): its language and own words, in the first
    of the browser's languages the bot texts are translated into, else their defaults' (the
    bot texts read in one query while cached, unless given)."""
    bot = bot or current_bot_words()
    for code in accepted(request):
        if language := language_for(code, bot.translations, ""):
            return language, bot.wording(language)
    return DEFAULT_LANGUAGE, bot.wording("")


def page_for(
    found: conversation.WebChat, chosen: str, visitor: int, base: str = "", draft: bool = False
) -> Page:
    """The page's link builder, in the chat's language (kept in links if chosen)."""
    language = found.chat.language
    return Page(found.graph, language, normalized(chosen) == language, visitor, base, draft)


def chat_context(request, page: Page, found: conversation.WebChat, here: str | None) -> dict:
    """What the chat templates show of a transcript: its messages, the newest's buttons,
    Share under a recommendation, the switcher keeping the chat at ``here``, and the page's
    own words in the chat's language."""
    chat = found.chat
    graph, newest = page.graph, page.message(chat.screen)
    return {
        "language": chat.language,
        "words": found.bot.wording(chat.language),
        "title": graph.wording(chat.language)["title"],
        "earlier": [page.message(exchange.screen, exchange.answer) for exchange in chat.earlier],
        "newest": newest,
        "said": newest,
        "newest_id": NEWEST,
        "rows": page.rows(chat.screen),
        "share": page.share(request, chat.screen),
        "languages": page.languages(here) if len(graph.languages) > 1 else [],
        "draft": page.draft,
        "frame_origins": graph.embed_origins,
    }


def render_chat(request, context: dict, status: int = 200) -> HttpResponse:
    """The whole chat page, or the chat alone for htmx to swap in: framed by the sites the
    map allows (``frame_origins``), a draft's never."""
    template = "web/chat.html"
    if swapped_in(request):
        template, context["fragment"] = "web/chat_fragment.html", True
    response = render(request, template, context, status=status)
    if context.get("draft"):
        drafts.private(response)
    else:
        framing.allow_framing(response, context.get("frame_origins", ()))
    # The page's language follows Accept-Language; htmx's requests get the chat alone.
    patch_vary_headers(response, ["Accept-Language", "HX-Request"])
    return response


def swapped_in(request) -> bool:
    """Whether htmx asks for the chat alone, to swap it into the page it has (a history
    restore, which replaces the whole page, gets the whole page)."""
    headers = request.headers
    return headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in headers


def unavailable(request, state: MapState, bot: BotWords | None = None) -> HttpResponse:
    """A page in plain words for a map users cannot open: 404 (the map may come back), in
    the visitor's language (``own_words``)."""
    language, words = own_words(request, bot)
    title, said = "web_map_unavailable_title", "web_map_unavailable"
    if state == MapState.UNKNOWN:
        title, said = "web_map_not_found", "web_unknown_map"
    context = {"language": language, "title": words[title], "said": words[said]}
    response = render(request, "web/unavailable.html", context, status=404)
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    patch_vary_headers(response, ["Accept-Language"])
    return response


def picture(request, slug: str, sha256: str, draft: bool = False) -> HttpResponse:
    """A picture of the live version of an online map (no other picture is public); with
    ``draft``, of the map's draft, for editors."""
    if draft and (refusal := drafts.refused(request)):
        return refusal
    load = draft_by_slug if draft else map_by_slug
    state, graph, _ = load(slug) if SHORT_NAME.fullmatch(slug) else (None, None, None)
    if graph is None or sha256 not in pictures_of(graph):
        raise Http404("No such picture in this map")
    found = Picture.objects.filter(pk=sha256).values_list("data", "content_type").first()
    if found is None:
        raise Http404("No such picture in this map")
    response = HttpResponse(bytes(found[0]), content_type=found[1])
    response["Content-Disposition"] = "inline"
    if draft:
        drafts.private(response)
    else:
        response["Cache-Control"] = "public, max-age=86400"  # named by its hash: never changes
    return response


def pictures_of(graph: MapGraph) -> set[str]:
    """The hashes of every picture a map's version shows, in any of its languages."""
    return {
        node.picture_in(language)
        for node in graph.nodes.values()
        for language in graph.languages or (graph.language,)
    } - {""}
