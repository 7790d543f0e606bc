"""The admin for map editors: maps with their diagram, check report, preview chat and map
files; steps with their answer buttons inline. The pages themselves are in admin_views."""

from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html

from advisor import admin_bot_texts, admin_translate, admin_versions, admin_views
from advisor.admin_map_form import OWN_WORDS, MapForm, MapLanguageInline
from advisor.models import (
    EMPTY_LABEL_MESSAGE,
    EMPTY_TEXT_MESSAGE,
    LABEL_TOO_LONG_MESSAGE,
    Button,
    Map,
    Node,
)

admin.site.site_header = "Advisor bot admin"
admin.site.site_title = "Advisor bot admin"
admin.site.index_title = "Edit the advisor"


def deep_link(slug: str) -> str | None:
    """The Telegram link that opens a map (/start <slug>), once the bot's username is set."""
    username = settings.TELEGRAM_BOT_USERNAME.lstrip("@")
    return f"https://t.me/{username}?start={slug}" if username else None


def page_map_id(request) -> str | None:
    """The map of the step page being edited, or the one an "add a step" link names."""
    match = request.resolver_match
    node_id = match.kwargs.get("object_id") if match else None
    if node_id is None:
        return request.GET.get("map")
    map_id = Node.objects.filter(pk=node_id).values_list("map_id", flat=True).first()
    return str(map_id) if map_id else None


class SameMapAutocomplete(AutocompleteSelect):
    """The step search box; it asks only for steps of the given map."""

    def __init__(self, *args, map_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.map_id = map_id

    def get_url(self):
        url = super().get_url()
        return f"{url}?map={self.map_id}" if self.map_id else url


class ButtonForm(forms.ModelForm):
    """Carries the plain-word messages; the inline adds the other fields."""

    class Meta:
        model = Button
        fields = ["label"]
        error_messages = {
            "label": {"required": EMPTY_LABEL_MESSAGE, "max_length": LABEL_TOO_LONG_MESSAGE}
        }


class ButtonInline(admin.TabularInline):
    model = Button
    form = ButtonForm
    fk_name = "node"
    extra = 1
    fields = ["label", "summary", "target", "order"]
    autocomplete_fields = ["target"]
    verbose_name_plural = "answer buttons (in the order they show)"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "target":
            kwargs["widget"] = SameMapAutocomplete(
                db_field, self.admin_site, map_id=page_map_id(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            last = obj.buttons.order_by("-order").values_list("order", flat=True).first()
            formset.form.base_fields["order"].initial = 0 if last is None else last + 1
        return formset


class NodeForm(forms.ModelForm):
    """Carries the plain-word messages; the step admin adds the other fields."""

    class Meta:
        model = Node
        fields = ["text"]
        error_messages = {"text": {"required": EMPTY_TEXT_MESSAGE}}


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    form = NodeForm
    fields = ["map", "key", "kind", "text", "doc_url"]
    inlines = [ButtonInline]
    list_display = ["key", "message", "kind", "map", "buttons_in", "buttons_out"]
    list_filter = ["map", "kind"]
    search_fields = ["key", "text"]
    list_select_related = ["map"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                in_count=Count("incoming", distinct=True), out_count=Count("buttons", distinct=True)
            )
            .order_by(*Node._meta.ordering)  # a GROUP BY query drops the default order
        )

    def get_readonly_fields(self, request, obj=None):
        return ["map"] if obj else []

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "doc_url":
            kwargs["assume_scheme"] = "https"  # a link typed without https:// gets it
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Step search boxes (autocomplete) offer only steps of the page's map."""
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        map_id = request.GET.get("map", "")
        if request.path == reverse("admin:autocomplete") and map_id.isdigit():
            queryset = queryset.filter(map_id=map_id)
        return queryset, duplicates

    @admin.display(description="message")
    def message(self, node):
        return node.text if len(node.text) <= 70 else node.text[:69] + "…"

    @admin.display(description="buttons leading here", ordering="in_count")
    def buttons_in(self, node):
        return node.in_count

    @admin.display(description="answer buttons", ordering="out_count")
    def buttons_out(self, node):
        return node.out_count


@admin.register(Map)
class MapAdmin(admin.ModelAdmin):
    change_form_template = "admin/advisor/map/change_form.html"
    change_list_template = "admin/advisor/map/change_list.html"
    form = MapForm
    fieldsets = [
        (None, {"fields": ["title", "slug", "deep_link", "start_node", "greeting", "goodbye"]}),
        ("Who sees it", {"fields": ["is_published", "is_default"]}),
        ("Language", {"fields": ["language_code", "language_name"]}),
        ("The bot's own words on this map", {"fields": OWN_WORDS, "classes": ["collapse"]}),
    ]
    inlines = [MapLanguageInline]
    readonly_fields = ["deep_link"]
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
    actions = ["download_map_file"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(step_count=Count("nodes"))
        queryset = queryset.select_related("live_version__published_by")
        return queryset.order_by(*Map._meta.ordering)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "start_node":
            map_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = (
                Node.objects.filter(map_id=map_id) if map_id else Node.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="advisor_map_import"),
            path("<int:map_id>/check/", wrap(self.check_view), name="advisor_map_check"),
            path("<int:map_id>/preview/", wrap(self.preview_view), name="advisor_map_preview"),
            path("<int:map_id>/download/", wrap(self.download_view), name="advisor_map_download"),
            *[
                path(f"<int:map_id>/{name}/", wrap(partial(view, self)), name=f"advisor_map_{name}")
                for name, view in (
                    ("changes", admin_versions.changes_page),
                    ("publish", admin_versions.publish_page),
                    ("discard", admin_versions.discard_page),
                    ("versions", admin_versions.versions_page),
                )
            ],
            path(
                "<int:map_id>/versions/<int:number>/restore/",
                wrap(self.restore_view),
                name="advisor_map_restore",
            ),
            path(
                "<int:map_id>/translate/<str:code>/",
                wrap(partial(admin_translate.translate_page, self)),
                name="advisor_map_translate",
            ),
            path(
                "bot-texts/",
                wrap(partial(admin_bot_texts.bot_texts_page, self)),
                name="advisor_bot_texts",
            ),
            *super().get_urls(),
        ]

    def check_view(self, request, map_id):
        return admin_views.check_report(self, request, map_id)

    def preview_view(self, request, map_id):
        return admin_views.preview_chat(self, request, map_id)

    def import_view(self, request):
        return admin_views.upload_map_file(self, request)

    def download_view(self, request, map_id):
        return admin_views.map_file_download(admin_views.viewable_map(self, request, map_id))

    def restore_view(self, request, map_id, number):
        return admin_versions.restore_page(self, request, map_id, number)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        map_obj = self.get_object(request, object_id)
        if map_obj is not None:
            extra_context = {
                **(extra_context or {}),
                **admin_views.diagram_context(map_obj, request),
                "status": admin_versions.status_line(map_obj),
                "languages": map_obj.languages.all(),
                "may_publish": admin_versions.may_publish(request),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="what users see")
    def status(self, map_obj):
        return admin_versions.status_line(map_obj)

    @admin.display(description="link that opens it in Telegram")
    def deep_link(self, map_obj):
        if not map_obj.pk:
            return "-"
        link = deep_link(map_obj.slug)
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
        return admin_views.map_file_download(queryset.get())
