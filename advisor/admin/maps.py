"""The map admin: the list (archived maps one click away), the map's page with its diagram,
status and who publishes, its History, and every extra page wired from one table.

What users see changes only by publishing: a Map editor cannot take a map online or
offline, make it the default, rename its short name (links use it) or archive it while users
see it; those need the publish right. Deleting archives; only a superuser deletes an
archived map for good.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html

from advisor import history
from advisor.actions import DELETE, PUBLISH, DeleteForGood
from advisor.actions.mapsettings import CreateMap, SaveMapSettings
from advisor.actions.pages import allowed
from advisor.admin import (
    archive,
    bot_texts,
    changes,
    embedding,
    outline,
    outline_forms,
    outline_structure,
    pages,
    pictures,
    publishing,
    translate,
)
from advisor.admin.guarded import GuardedAdmin
from advisor.admin.history import history_page
from advisor.admin.hours_fields import CLOSES, DAYS, OPENS, ZONE
from advisor.admin.live_fields import LiveFieldsShown, locked_fields, reasons
from advisor.admin.map_form import OWN_WORDS, MapForm, MapLanguageInline
from advisor.admin.steps import SameMapAutocomplete
from advisor.core.params import whole_number
from advisor.models import Map, Node
from advisor.templatetags.advisor_admin import ago

#: The map's extra pages: (route, view, URL name). Each view takes the model admin first
#: and goes through the admin site's own wrapping (login, staff, no caching).
PAGES = [
    ("import/", pages.upload_page, "advisor_map_import"),
    ("bot-texts/", bot_texts.bot_texts_page, "advisor_bot_texts"),
    ("<int:map_id>/check/", pages.check_page, "advisor_map_check"),
    ("<int:map_id>/preview/", pages.preview_page, "advisor_map_preview"),
    ("<int:map_id>/picture/<str:sha256>/", pictures.picture_page, "advisor_map_picture"),
    ("<int:map_id>/download/", pages.download_page, "advisor_map_download"),
    ("<int:map_id>/changes/", changes.changes_page, "advisor_map_changes"),
    ("<int:map_id>/discard/", changes.discard_page, "advisor_map_discard"),
    ("<int:map_id>/publish/", publishing.publish_page, "advisor_map_publish"),
    ("<int:map_id>/versions/", publishing.versions_page, "advisor_map_versions"),
    (
        "<int:map_id>/versions/<int:number>/restore/",
        publishing.restore_page,
        "advisor_map_restore",
    ),
    ("<int:map_id>/translate/<str:code>/", translate.translate_page, "advisor_map_translate"),
    ("<int:map_id>/archive/", archive.archive_page, "advisor_map_archive"),
    ("<int:map_id>/outline/", outline.outline_page, "advisor_map_outline"),
    ("<int:map_id>/outline/search/", outline.search_page, "advisor_map_outline_search"),
    ("<int:map_id>/outline/<int:step_id>/", outline.branch_page, "advisor_map_outline_branch"),
    (
        "<int:map_id>/outline/<int:step_id>/edit/",
        outline_forms.step_page,
        "advisor_map_outline_step",
    ),
    (
        "<int:map_id>/outline/<int:step_id>/answer/",
        outline_structure.answer_page,
        "advisor_map_outline_answer",
    ),
    (
        "<int:map_id>/outline/<int:step_id>/order/",
        outline_structure.order_page,
        "advisor_map_outline_order",
    ),
    (
        "<int:map_id>/outline/<int:step_id>/delete/",
        outline_structure.delete_page,
        "advisor_map_outline_delete",
    ),
    (
        "<int:map_id>/outline/button/<int:button_id>/",
        outline_forms.button_page,
        "advisor_map_outline_button",
    ),
    ("<int:map_id>/unarchive/", archive.unarchive_page, "advisor_map_unarchive"),
]


@admin.register(Map)
class MapAdmin(LiveFieldsShown, GuardedAdmin):
    change_form_template = "admin/advisor/map/change_form.html"
    change_list_template = "admin/advisor/map/change_list.html"
    delete_confirmation_template = "admin/advisor/map/delete_confirmation.html"
    form = MapForm
    add_action, change_action = CreateMap, SaveMapSettings
    fieldsets = [
        (None, {"fields": ["title", "slug", "deep_link", "start_node", "greeting", "goodbye"]}),
        ("Who sees it", {"fields": ["is_published", "is_default"]}),
        (
            "Under each recommendation",
            {"fields": ["asks_if_helpful", "offers_share", "offers_person"]},
        ),
        (
            "When your team answers “Ask a person”",
            {
                "fields": [ZONE, tuple(DAYS), OPENS, CLOSES],
                "description": "Outside these hours users are told when the team answers and "
                "may leave a message. No time zone: the team answers at any hour.",
            },
        ),
        ("On other websites", {"fields": ["embed_origins"]}),
        ("Language", {"fields": ["language_code", "language_name"]}),
        ("The bot's own words on this map", {"fields": OWN_WORDS, "classes": ["collapse"]}),
    ]
    inlines = [MapLanguageInline]
    list_display = [
        "title",
        "slug",
        "status",
        "is_published",
        "is_default",
        "steps",
        "deep_link",
        "tools",
    ]
    list_filter = [archive.ArchiveFilter]
    actions = ["download_map_file"]
    subject = "this map's page"
    row_names = {"languages": lambda row: f"the translation “{row['name']}” ({row['code']})"}

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(step_count=Count("nodes"))
        queryset = queryset.select_related("live_version__published_by")
        return queryset.order_by(*Map._meta.ordering)

    def get_fieldsets(self, request, obj=None):
        return self.locked_fieldsets(request, obj, super().get_fieldsets(request, obj))

    def get_readonly_fields(self, request, obj=None):
        return ["deep_link", "short_name", "online", "default_map"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        locked = locked_fields(request, obj)
        why = reasons(obj or Map(is_published=False)) if locked else {}
        return type(form_class.__name__, (form_class,), {"locked": {n: why[n] for n in locked}})

    def has_add_permission(self, request):
        return allowed(CreateMap(None, user=request.user))

    def has_change_permission(self, request, obj=None):
        return allowed(SaveMapSettings(obj, user=request.user))

    def has_delete_permission(self, request, obj=None):
        """Deleting is for good, and only of an archived map, by a superuser."""
        return request.user.is_superuser and (obj is None or obj.archived_at is not None)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "start_node":  # a search box: a big map has thousands of steps
            map_id = whole_number(request.resolver_match.kwargs.get("object_id"))
            kwargs["queryset"] = (
                Node.objects.filter(map_id=map_id) if map_id else Node.objects.none()
            )
            kwargs["widget"] = SameMapAutocomplete(db_field, self.admin_site, map_id=map_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            *[
                path(route, wrap(pages.map_page_view(view, self)), name=name)
                for route, view, name in PAGES
            ],
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The map's page (and a refused save's): its outline, diagram, status and who
        publishes."""
        if obj is not None:
            shown = outline.outline_context(obj, request)
            context = {
                **context,
                **shown,
                **pages.diagram_context(obj, request, shown["changed"]),
                **embedding.embed_context(obj, request),
                "outline_rows": shown["rows"],
                "review": publishing.review_line(obj, request, bool(shown["count"])),
                "languages": obj.languages.all(),
                "may_publish": request.user.has_perm(PUBLISH),
                "may_archive": request.user.has_perm(DELETE) and obj.archived_at is None,
                "may_unarchive": request.user.has_perm(DELETE) and obj.archived_at is not None,
                "archived_ago": ago(obj.archived_at) if obj.archived_at else "",
                "diagram_limit": pages.DIAGRAM_LIMIT,
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def delete_view(self, request, object_id, extra_context=None):
        map_obj = self.get_object(request, object_id)
        if map_obj is not None:
            DeleteForGood(map_obj, user=request.user).check()
            link = archive.deep_link_text(map_obj, pages.deep_link(map_obj.slug))
            versions = map_obj.versions.order_by("number")
            extra_context = {**(extra_context or {}), "versions": versions, "link": link}
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        """Only a superuser gets here (DeleteForGood), whom no step of it is closed to."""
        deleted, counts, _, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        DeleteForGood(obj, user=request.user).execute()

    def delete_queryset(self, request, queryset):
        """The list offers no delete (get_actions); were one called, each map goes by the
        same action."""
        for map_obj in queryset:
            self.delete_model(request, map_obj)

    def history_scope(self, obj) -> tuple[int, None]:
        return obj.pk, None

    def history_view(self, request, object_id, extra_context=None):
        map_obj = self.get_object(request, object_id)
        return history_page(self, request, map_obj, history.of_map(map_obj.pk) if map_obj else None)

    @admin.display(description="what users see")
    def status(self, map_obj):
        return publishing.status_line(map_obj)

    @admin.display(description="link that opens it in Telegram")
    def deep_link(self, map_obj):
        if not map_obj.pk:
            return "-"
        link = pages.deep_link(map_obj.slug)
        if link is None:
            return f"t.me/YOUR_BOT?start={map_obj.slug} (set TELEGRAM_BOT_USERNAME to see it)"
        return format_html('<a href="{}">{}</a>', link, link)

    @admin.display(description="steps", ordering="step_count")
    def steps(self, map_obj):
        return map_obj.step_count

    @admin.display(description="")
    def tools(self, map_obj):
        return format_html(
            '<a href="{}">Check this map</a> · <a href="{}">Preview chat</a>',
            reverse("admin:advisor_map_check", args=[map_obj.pk]),
            reverse("admin:advisor_map_preview", args=[map_obj.pk]),
        )

    @admin.action(description="Download the selected map as a file", permissions=["view"])
    def download_map_file(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one map to download.", messages.WARNING)
            return None
        return pages.map_file_download(queryset.get())
