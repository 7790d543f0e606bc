"""The step pages: a step with its answer buttons inline, saved against the state it was
opened at (advisor.admin.guarded) by an editorial action (advisor.actions.steps) that puts
it on the map's History; deleting one is the outline's own delete (advisor.admin.step_delete)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse

from advisor import history
from advisor.actions.pages import allowed
from advisor.actions.steps import AddStep, SaveStep
from advisor.admin.formdata import BoundedInline, RowsFormSet
from advisor.admin.guarded import GuardedAdmin, GuardedForm
from advisor.admin.history import history_page
from advisor.admin.picture_fields import (
    LANGUAGE_PICTURE,
    PictureFields,
    shown_picture,
    with_language_pictures,
)
from advisor.admin.richtext import RichTextarea
from advisor.admin.step_delete import StepDeletes
from advisor.core.params import whole_number
from advisor.core.texts import start_of
from advisor.models import (
    EMPTY_LABEL_MESSAGE,
    EMPTY_TEXT_MESSAGE,
    LABEL_TOO_LONG_MESSAGE,
    Button,
    Node,
)


def page_map_id(request) -> str | None:
    """The map of the step page being edited, or the one an "add a step" link names."""
    match = request.resolver_match
    node_id = match.kwargs.get("object_id") if match else None
    if node_id is None:
        map_id = whole_number(request.GET.get("map"))
    else:
        step = Node.objects.filter(pk=whole_number(node_id))
        map_id = step.values_list("map_id", flat=True).first()
    return str(map_id) if map_id else None


class SameMapAutocomplete(AutocompleteSelect):
    """The step search box; it asks only for steps of the given map."""

    def __init__(self, *args, map_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.map_id = map_id

    def get_url(self):
        url = super().get_url()
        return f"{url}?map={self.map_id}" if self.map_id else url

    def build_attrs(self, base_attrs, extra_attrs=None):
        """Select2's box reads no <label>: while empty, its placeholder names it."""
        attrs = super().build_attrs(base_attrs, extra_attrs)
        return {**attrs, "data-placeholder": "Find a step by its words"}

    def format_value(self, value):
        """The chosen step's id, leaving out a posted value that cannot be one (the form,
        shown again, says what is wrong with it)."""
        chosen = super().format_value(value)
        return [step for step in chosen if whole_number(step) is not None]


class ButtonForm(forms.ModelForm):
    """Carries the plain-word messages; the inline adds the other fields."""

    class Meta:
        model = Button
        fields = ["label"]
        error_messages = {
            "label": {"required": EMPTY_LABEL_MESSAGE, "max_length": LABEL_TOO_LONG_MESSAGE}
        }


class ButtonFormSet(RowsFormSet):
    """A new button's position defaults to after the last one (from the rows the formset
    reads anyway)."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None or index >= self.initial_form_count():
            orders = [button.order for button in self.get_queryset()]
            kwargs["initial"] = {"order": max(orders) + 1 if orders else 0}
        return kwargs


class ButtonInline(BoundedInline, admin.TabularInline):
    model = Button
    form = ButtonForm
    formset = ButtonFormSet
    fk_name = "node"
    extra = 1
    fields = ["label", "summary", "target", "url", "order"]
    autocomplete_fields = ["target"]
    verbose_name_plural = (
        "answer buttons (in the order they show; a link button, which opens a web page, "
        "shows under the answers)"
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"  # "example.com/x" means https://example.com/x
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "target":
            kwargs["widget"] = SameMapAutocomplete(
                db_field, self.admin_site, map_id=page_map_id(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NodeForm(PictureFields, GuardedForm):
    """Carries the plain-word messages and the picture; the step admin adds the other
    fields."""

    class Meta:
        model = Node
        fields = ["text"]
        widgets = {"text": RichTextarea}
        error_messages = {"text": {"required": EMPTY_TEXT_MESSAGE}}


@admin.register(Node)
class NodeAdmin(StepDeletes, GuardedAdmin):
    form = NodeForm
    add_action, change_action = AddStep, SaveStep
    change_form_template = "admin/advisor/node/change_form.html"
    fields = ["map", "key", "kind", "text", "current_picture", "new_picture", "remove_picture"]
    fields += ["pictures", "doc_url", "offers_person"]
    inlines = [ButtonInline]
    list_display = ["message", "key", "kind", "map", "buttons_in", "buttons_out"]
    list_filter = ["map", "kind"]
    search_fields = ["key", "text"]
    list_select_related = ["map"]
    subject = "this step"
    row_names = {"buttons": lambda row: f"the “{row['label']}” button"}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                in_count=Count("incoming", distinct=True), out_count=Count("buttons", distinct=True)
            )
            .order_by(*Node._meta.ordering)  # a GROUP BY query drops the default order
        )

    def locked(self):
        """A step's saves lock its map's row, as every change of a map's draft does."""
        return Node.objects.select_related("map").select_for_update(of=("map",))

    def history_scope(self, obj) -> tuple[int, int]:
        return obj.map_id, obj.pk

    def map_of(self, obj):
        return obj.map

    def map_of_new(self, request) -> int | None:
        return whole_number(request.POST.get("map") or request.GET.get("map"))

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = with_language_pictures(self.form, obj)
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        """The step's fields, and an optional picture per translation of its map."""
        extra = with_language_pictures(self.form, obj).declared_fields
        return self.fields + [name for name in extra if LANGUAGE_PICTURE in name]

    def get_readonly_fields(self, request, obj=None):
        return ["map", "current_picture"] if obj else ["current_picture"]

    @admin.display(description="picture now")
    def current_picture(self, node):
        return shown_picture(node)

    def has_add_permission(self, request):
        return allowed(AddStep(None, user=request.user))

    def has_change_permission(self, request, obj=None):
        return allowed(SaveStep(obj.map if obj is not None else None, user=request.user))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "doc_url":
            kwargs["assume_scheme"] = "https"  # a link typed without https:// gets it
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Step search boxes (autocomplete) offer only steps of the page's map."""
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        map_id = whole_number(request.GET.get("map"))
        if request.path == reverse("admin:autocomplete") and map_id is not None:
            queryset = queryset.filter(map_id=map_id)
        return queryset, duplicates

    def response_change(self, request, obj):
        """Saved: back on the map's page, at the step (Save and continue stays here)."""
        return self.back_to_outline(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self.back_to_outline(request, obj) or super().response_add(request, obj)

    def back_to_outline(self, request, obj):
        stay = ("_continue", "_addanother", "_saveasnew", IS_POPUP_VAR)
        if any(key in request.POST for key in stay):
            return None
        self.message_user(request, f"Saved the step “{start_of(obj.text)}” to the draft.")
        url = reverse("admin:advisor_map_change", args=[obj.map_id])
        return HttpResponseRedirect(f"{url}#step-{obj.pk}")

    def history_view(self, request, object_id, extra_context=None):
        node = self.get_object(request, object_id)
        return history_page(self, request, node, history.of_step(node.pk) if node else None)

    @admin.display(description="message")
    def message(self, node):
        return start_of(node.text, 70)

    @admin.display(description="buttons leading here", ordering="in_count")
    def buttons_in(self, node):
        return node.in_count

    @admin.display(description="answer buttons", ordering="out_count")
    def buttons_out(self, node):
        return node.out_count
