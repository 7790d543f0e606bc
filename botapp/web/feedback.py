"""The forms under a recommendation: "Was this helpful?" (👍 Yes / 👎 No, a change of vote as
in Telegram) and, after "👎 No", the bot's question of what the visitor was looking for.

A POST with a signed token (botapp.web.tokens) in place of Django's CSRF token, which needs a
cookie a third-party iframe may not have: the signature is this view's protection, so it alone
is csrf_exempt. Each write is counted against its client address first (botapp.web.throttle).
The answer is the chat page as after the press in Telegram: the vote's thanks, the question
with its form, or the thanks for the reason."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.views.decorators.csrf import csrf_exempt

from advisor import conversation
from advisor.core.callbacks import Vote, decode, encode
from advisor.core.engine import reason_thanks_screen
from advisor.core.screens import Audience
from advisor.core.texts import MESSAGE_LIMIT
from advisor.loading import MapState, map_by_slug
from advisor.markup import as_page_html
from botapp.web import throttle, tokens
from botapp.web.pages import NEWEST, Link, Message, Page
from botapp.web.records import keep_reason, record_vote
from botapp.web.views import (
    SHORT_NAME,
    accepted,
    chat_context,
    own_words,
    page_for,
    render_chat,
    unavailable,
)

#: What a refused form's page says, by its status (the bot text's key).
REFUSED = {400: "web_expired", 429: "web_too_many"}


@dataclass(frozen=True)
class Question:
    """The bot's question after "👎 No", with its form: the answer kept, and what was wrong."""

    text: SafeString
    action: str
    token: str
    answer: str = ""
    problem: str = ""


@csrf_exempt
def feedback(request, slug: str) -> HttpResponse:
    if not SHORT_NAME.fullmatch(slug):
        return unavailable(request, MapState.UNKNOWN)
    if request.method != "POST":  # the address of a sent form, opened again: the chat
        return redirect(reverse("web-chat", args=[slug]))
    if not throttle.allowed(request):
        return refused(request, slug, 429)
    signed = tokens.read(request.POST.get("t", ""))
    if signed is None:
        return refused(request, slug, 400)
    chosen = request.GET.get("lang", "")
    found = conversation.web_chat(slug, signed.data, accepted(request), chosen)
    if found.chat is None:
        return unavailable(request, found.state, found.bot)
    if found.graph.id != signed.map_id:  # a token of another map
        return refused(request, slug, 400)
    chat, vote = found.chat, decode(signed.data)
    if not isinstance(vote, Vote):
        return refused(request, slug, 400)
    page = page_for(found, chosen, signed.visitor, reverse("web-chat", args=[slug]))
    if chat.screen.vote is None:  # the recommendation (or its question) is gone: the chat
        return render_chat(request, chat_context(request, page, found, None))
    context = chat_context(request, page, found, encode(vote.go))
    if signed.kind == tokens.VOTE:
        record_vote(signed, chat)
        if chat.screen.ask_reason:
            ask(context, page, chat.screen, page.token(tokens.REASON, signed.data))
        return render_chat(request, context)
    return reason(request, context, page, found, signed)


def ask(context: dict, page: Page, screen, token: str, answer: str = "", problem: str = ""):
    """The bot's question becomes the newest message, with its form, after the
    recommendation."""
    asked = Question(as_page_html(screen.ask_reason), page.action(), token, answer, problem)
    context.update(question=asked, said=Message(asked.text), newest_id="")


def reason(request, context: dict, page: Page, found, signed) -> HttpResponse:
    """Keep what the visitor was looking for and thank them, as Telegram does; a reason empty
    or longer than Telegram's messages: the question again, the text kept, the problem said."""
    chat, vote = found.chat, decode(signed.data)
    if vote.helpful or not chat.screen.ask_reason:  # not a "👎 No" that asks
        return refused(request, found.graph.slug, 400)
    text = request.POST.get("reason", "").replace("\x00", "").strip()
    words = context["words"]
    problem = "" if text else words["web_empty"]
    if len(text) > MESSAGE_LIMIT:
        too_long = words["web_too_long"].replace("{limit}", str(MESSAGE_LIMIT))
        problem = too_long.replace("{length}", str(len(text)))
    if problem:  # the same form again (its token: one write whenever it is sent)
        ask(context, page, chat.screen, signed.token, text, problem)
        return render_chat(request, context, status=422)
    node = found.graph.nodes[chat.screen.node_id]
    keep_reason(signed, chat, node.key, text)
    thanks = reason_thanks_screen(found.graph, Audience(chat.language), vote.go)
    recommendation = context["newest"]
    said = Message(recommendation.text, recommendation.picture_url, text)
    newest = page.message(thanks)
    context.update(
        earlier=[*context["earlier"], said],
        newest=newest,
        said=newest,
        rows=page.rows(thanks),
        share=None,
    )
    return render_chat(request, context)


def refused(request, slug: str, status: int) -> HttpResponse:
    """A form the page cannot take: why, in plain words (the visitor's language:
    ``own_words``), and the way back to the chat."""
    _, graph, bot = map_by_slug(slug)
    language, words = own_words(request, bot)
    said = Message(SafeString(escape(words[REFUSED[status]])))
    back = Link(words["web_back_to_chat"], f"{reverse('web-chat', args=[slug])}#{NEWEST}")
    context = {
        "language": language,
        "words": words,
        "title": words["web_not_saved"],
        "earlier": [],
        "newest": said,
        "said": said,
        "newest_id": NEWEST,
        "rows": [[back]],
        # Framed as the chat it answers, so a refusal shows inside the sites' widget too.
        "frame_origins": graph.embed_origins if graph else (),
    }
    return render_chat(request, context, status=status)
