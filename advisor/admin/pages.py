"""The map's extra admin pages: check report, preview chat, map file upload and download,
and what every extra page shares (the map it is about, the admin's look).

Thin: the findings come from advisor.core.mapcheck, the chat screens from advisor.core.engine (the
bot's own), the files from advisor.mapfile through advisor.actions.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from advisor.actions import PUBLISH, ImportMapFile, Refused
from advisor.actions.base import EditorialAction
from advisor.admin.drawings import drawing
from advisor.core import engine
from advisor.core.callbacks import decode
from advisor.core.graph import MapGraph
from advisor.core.mapcheck import TRANSLATION_WARNINGS, check_map
from advisor.core.markup import escape
from advisor.core.params import whole_number
from advisor.core.ratings import Rating, ratings_of
from advisor.loading import current_bot_words, draft_graph, version_graph
from advisor.mapfile import (
    MAX_MAP_FILE_BYTES,
    MapFileError,
    export_map,
    export_map_json,
    read_map_file,
)
from advisor.models import Map, Node
from advisor.versions import VersionError


def map_page_view(view, model_admin):
    """One of the map's extra pages as the admin serves it: an action that cannot be done
    now (VersionError: an archived map, a version gone) becomes a message on the map's page
    (or the list of maps) instead of an error page; an htmx request (the outline's) is sent
    there whole."""

    @wraps(view)
    def page(request, **kwargs):
        try:
            return view(model_admin, request, **kwargs)
        except VersionError as error:
            messages.error(request, f"Not done: {error}.")
            map_id = kwargs.get("map_id")
            url = (
                reverse("admin:advisor_map_change", args=[map_id])
                if map_id
                else reverse("admin:advisor_map_changelist")
            )
            htmx = request.headers.get("HX-Request") == "true"
            return HttpResponseClientRedirect(url) if htmx else HttpResponseRedirect(url)

    return page


def deep_link(slug: str) -> str | None:
    """The Telegram link that opens a map (/start <slug>), once the bot's username is set."""
    username = settings.TELEGRAM_BOT_USERNAME.lstrip("@")
    return f"https://t.me/{username}?start={slug}" if username else None


def viewable_map(model_admin, request, map_id) -> Map:
    """The map, if it exists and the user may see it."""
    map_obj = get_object_or_404(Map, pk=map_id)
    if not model_admin.has_view_permission(request, map_obj):
        raise PermissionDenied
    return map_obj


def editable_map(model_admin, request, map_id, action: type[EditorialAction]) -> Map:
    """The map, if the user may do ``action`` on it; otherwise the action's own answer, the
    same from every door: Refused (the refusal page, naming who may) without the right,
    VersionError (said on the map's page) for an archived map."""
    map_obj = viewable_map(model_admin, request, map_id)
    door = EditorialAction(map_obj, user=request.user)
    door.permission, door.refusal = action.permission, action.refusal
    door.check()
    return map_obj


def map_page(model_admin, request, template: str, title: str, **context) -> TemplateResponse:
    """One of the map's extra admin pages, under the admin's header and breadcrumbs."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **context,
    }
    return TemplateResponse(request, f"admin/advisor/map/{template}", context)


def shown_graph(map_obj: Map, request) -> tuple[MapGraph, dict]:
    """The map a page shows, and what the page says of it: the draft by default, the live
    version with ?version=live, any version with ?version=N."""
    which = request.GET.get("version", "")
    if not which:
        return draft_graph(map_obj.pk), {"shown": "draft", "keep_query": ""}
    live = map_obj.live_version
    if which == "live":
        version = live
    else:
        version = map_obj.versions.numbered(whole_number(which))
    if version is None:
        raise Http404("No such version of this map.")
    shown = {"shown": "version", "version": version, "is_live": version == live}
    return version_graph(version), {**shown, "keep_query": f"version={which}"}


def recommendation_ratings(request, graph: MapGraph) -> dict[int, Rating]:
    """The ratings of the graph's recommendations (advisor.core.ratings), read once per request:
    the map's page shows them in its outline and in its diagram."""
    if getattr(request, "map_ratings", (None,))[0] != graph.id:
        request.map_ratings = (graph.id, ratings_of(graph.id))
    return {
        step_id: rating
        for step_id, rating in request.map_ratings[1].items()
        if step_id in graph.nodes and graph.nodes[step_id].kind == Node.Kind.RECOMMENDATION
    }


#: Maps with more steps than this are not drawn: the outline shows them (folded).
DIAGRAM_LIMIT = 400


def diagram_context(map_obj: Map, request, changed: set[int]) -> dict:
    """The diagram of the map (or the version) a page shows, drawn (its steps in ``changed``
    outlined); a map too large to draw gets its number of steps instead."""
    graph, shown = shown_graph(map_obj, request)
    if len(graph.nodes) > DIAGRAM_LIMIT:
        return {"diagram": None, "too_large_to_draw": len(graph.nodes), **shown}
    ratings = recommendation_ratings(request, graph)
    return {"diagram": drawing(graph, shown["shown"], changed, ratings), **shown}


def check_page(model_admin, request, map_id):
    map_obj = viewable_map(model_admin, request, map_id)
    graph, shown = shown_graph(map_obj, request)
    findings = check_map(graph)
    return map_page(
        model_admin,
        request,
        "check.html",
        "Check this map",
        original=map_obj,
        findings=[f for f in findings if f.problem not in TRANSLATION_WARNINGS],
        warnings=[f for f in findings if f.problem in TRANSLATION_WARNINGS],
        **shown,
    )


def preview_screen(graph, request) -> engine.Screen:
    """The bot's answer to what the preview's user sent (?send=) or pressed (?press=), in
    the language the preview's user has (?language=)."""
    language = request.GET.get("language", "")
    username = settings.TELEGRAM_BOT_USERNAME.strip().lstrip("@")  # the Share button's
    audience = engine.Audience(language, current_bot_words().wording(language), username)
    if "press" in request.GET:
        return engine.screen_for_action(graph, decode(request.GET["press"]), audience)
    command = request.GET.get("send", "/start").split()[:1] or [""]
    if command == ["/start"]:
        name = request.user.first_name or request.user.get_username()
        return engine.start_screen(graph, name, audience=audience)
    if command == ["/cancel"]:
        return engine.goodbye_screen(graph, audience)
    key = "help" if command == ["/help"] else "hint"
    return engine.Screen(escape(audience.bot[key]))


def map_languages(map_obj: Map) -> list[tuple[str, str]]:
    """The map's languages as (code, name): its default first."""
    translations = map_obj.languages.values_list("code", "name")
    return [(map_obj.language_code, map_obj.language_name), *translations]


def preview_page(model_admin, request, map_id):
    map_obj = viewable_map(model_admin, request, map_id)
    graph, shown = shown_graph(map_obj, request)
    screen = preview_screen(graph, request)
    language = request.GET.get("language", "")
    if language:
        shown["keep_query"] = "&".join(filter(None, [shown["keep_query"], f"language={language}"]))
    return map_page(
        model_admin,
        request,
        "preview.html",
        "Preview chat",
        original=map_obj,
        screen=screen,
        languages=map_languages(map_obj),
        language=language,
        **web_chats(map_obj),
        **shown,
    )


def web_chats(map_obj: Map) -> dict:
    """The map's web chats: its draft's, for editors, and the live one while users see it."""
    live = map_obj.is_published and map_obj.live_version_id and not map_obj.archived_at
    return {
        "draft_web_chat": reverse("web-draft-chat", args=[map_obj.slug]),
        "live_web_chat": reverse("web-chat", args=[map_obj.slug]) if live else "",
    }


def download_page(model_admin, request, map_id) -> HttpResponse:
    return map_file_download(viewable_map(model_admin, request, map_id))


def map_file_download(map_obj: Map) -> HttpResponse:
    """The map's draft as a map file."""
    response = HttpResponse(export_map_json(export_map(map_obj)), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{map_obj.slug}.json"'
    return response


class MapFileForm(forms.Form):
    file = forms.FileField(
        label="map file",
        help_text=f"A .json file made by Download, at most {MAX_MAP_FILE_BYTES // 2**20} MB.",
    )
    replace = forms.BooleanField(
        label="replace the map with the same short name",
        required=False,
        help_text="Its draft's steps and buttons are overwritten by the file's.",
    )
    publish = forms.BooleanField(
        label="publish it at once",
        required=False,
        help_text="Only Map publishers: users see the file's map at their next message.",
    )

    def import_map(self, user) -> Map | None:
        """Import the file, all or nothing; on a problem, say it on the form and change
        nothing. Refused when the user may not replace or publish."""
        if not self.is_valid():
            return None
        name = self.cleaned_data["file"].name
        try:
            data = read_map_file(self.cleaned_data["file"])
            action = ImportMapFile(
                data,
                name=name,
                replace=self.cleaned_data["replace"],
                publish=self.cleaned_data["publish"],
                user=user,
            )
            return action.execute()[0]
        except (MapFileError, VersionError) as error:
            self.add_error("file", f"Nothing was imported: {error}")
            return None


def upload_page(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise Refused("Only Map editors can upload map files", "advisor.add_map")
    form = MapFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        map_obj = form.import_map(request.user)
        if map_obj is not None:
            live = " and published it" if form.cleaned_data["publish"] else ""
            steps = map_obj.nodes.count()
            messages.success(request, f"Imported “{map_obj}” ({steps} steps){live}.")
            return HttpResponseRedirect(reverse("admin:advisor_map_change", args=[map_obj.pk]))
    may_publish = request.user.has_perm(PUBLISH)
    return map_page(
        model_admin, request, "import.html", "Upload a map file", form=form, may_publish=may_publish
    )
