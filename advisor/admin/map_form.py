"""The map's page in the admin: its own words (advisor.core.texts.MAP_TEXTS) as plain fields,
checked as the bot needs them, and its translations (languages) inline."""

from django import forms
from django.contrib import admin

from advisor.admin import hours_fields
from advisor.admin.formdata import BoundedInline
from advisor.admin.guarded import GuardedForm
from advisor.admin.richtext import RichTextarea
from advisor.core.markup import clean
from advisor.core.origins import OriginError, normalized_origins
from advisor.core.texts import MAP_TEXTS, normalized, spec_error, text_error
from advisor.models import Map, MapLanguage

OWN_WORDS = [f"text_{spec.key}" for spec in MAP_TEXTS]


def own_word_field(spec) -> forms.CharField:
    return forms.CharField(
        label=spec.label,
        initial=spec.default,
        help_text=f"Default: “{spec.default}”. At most {spec.limit} characters.",
        widget=forms.Textarea(attrs={"rows": 2}) if spec.limit > 100 else None,
        strip=False,
    )


class MapForm(GuardedForm):
    """The map's fields, plus one field per own word, stored in ``Map.texts`` where they
    differ from today's wording. ``locked``: the fields the user may not change, each with
    the sentence that says why (advisor.admin.live_fields); a new map that cannot be put
    online starts offline."""

    locked: dict[str, str] = {}

    # One declared field per own word (the admin's fieldsets name them): text_back, …
    vars().update(
        {name: own_word_field(spec) for spec, name in zip(MAP_TEXTS, OWN_WORDS, strict=True)}
    )
    # The opening hours' fields: hours_time_zone, hours_day_0…6, hours_from, hours_to.
    vars().update(hours_fields.declared_fields())
    embed_origins = forms.CharField(
        label="sites allowed to show this chat",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://www.example.org"}),
        help_text="One site a line, as https://www.example.org (nothing after the name). "
        "Only these sites can show the web chat inside their pages (the snippet below); "
        "none listed: only this site. Users see the change once you publish.",
    )

    class Meta:
        model = Map
        fields = [
            "title",
            "slug",
            "start_node",
            "greeting",
            "goodbye",
            "is_published",
            "is_default",
            "asks_if_helpful",
            "offers_share",
            "offers_person",
            "embed_origins",
            "language_code",
            "language_name",
        ]
        widgets = {"greeting": RichTextarea, "goodbye": RichTextarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for spec, name in zip(MAP_TEXTS, OWN_WORDS, strict=True):
            self.fields[name].initial = self.instance.texts.get(spec.key, spec.default)
        for name, value in hours_fields.initial_values(self.instance.opening_hours).items():
            self.fields[name].initial = value
        self.initial["embed_origins"] = "\n".join(self.instance.embed_origins or [])
        if self.instance.pk is None and "is_published" in self.locked:
            self.instance.is_published = False

    def clean(self):
        cleaned = super().clean()
        for name, reason in self.locked.items():
            if name in self.data:  # the page shows it as text: a forged submit
                self.add_error(None, reason)
        for spec, name in zip(MAP_TEXTS, OWN_WORDS, strict=True):
            if name in cleaned and (error := spec_error(spec, cleaned[name])):
                self.add_error(name, error)
        for name, allows_name in (("greeting", True), ("goodbye", False)):
            value = cleaned.get(name) or ""
            if error := text_error(value, 1000, allows_name, required=False, formatted=True):
                self.add_error(name, error)
            elif name in cleaned:
                cleaned[name] = clean(value)
        self.opening_hours = hours_fields.cleaned_hours(self, cleaned)
        return cleaned

    def clean_embed_origins(self) -> list[str]:
        try:
            return normalized_origins(self.cleaned_data["embed_origins"].splitlines())
        except OriginError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_language_code(self):
        return normalized(self.cleaned_data["language_code"])

    def save(self, commit=True):
        self.instance.texts = {
            spec.key: self.cleaned_data[name]
            for spec, name in zip(MAP_TEXTS, OWN_WORDS, strict=True)
            if self.cleaned_data[name] != spec.default
        }
        self.instance.opening_hours = self.opening_hours
        return super().save(commit)


class MapLanguageInline(BoundedInline, admin.TabularInline):
    model = MapLanguage
    extra = 0
    fields = ["code", "name"]
    verbose_name_plural = "translations (each language the map can answer in besides its own)"
