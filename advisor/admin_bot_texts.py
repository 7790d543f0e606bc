"""The Bot texts page: the bot-wide words in the default language and in each translation,
live at once (they belong to no map, so they have no draft)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from advisor.admin_translate import TextField, text_widget
from advisor.admin_views import map_page
from advisor.models import BotTexts, Map, MapLanguage
from advisor.texts import BOT_DEFAULTS, BOT_TEXTS, LANGUAGE_CODE, normalized, text_error


def bot_languages(bot_texts: BotTexts) -> list[tuple[str, str]]:
    """The languages the bot texts may be translated into, as (code, name): every map's
    languages and those the bot texts already have, by code."""
    names: dict[str, str] = {}
    for code, name in Map.objects.values_list("language_code", "language_name"):
        names.setdefault(normalized(code), name)
    for code, name in MapLanguage.objects.values_list("code", "name"):
        names[normalized(code)] = name
    for code in bot_texts.translations:
        names.setdefault(code, code)
    return sorted(names.items())


class BotTextsForm(forms.Form):
    """One field per bot text: required in the default language, optional in a translation
    (empty: the default shows)."""

    def __init__(self, values: dict[str, str], required: bool, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required
        for spec in BOT_TEXTS:
            self.fields[spec.key] = TextField(
                label=spec.label,
                required=False,
                initial=values.get(spec.key, ""),
                widget=text_widget(spec.limit, BOT_DEFAULTS[spec.key]),
            )

    def clean(self):
        cleaned = super().clean()
        for spec in BOT_TEXTS:
            value = cleaned.get(spec.key, "")
            error = text_error(value, spec.limit, spec.allows_name, required=self.required)
            if error:
                self.add_error(spec.key, error)
        return cleaned


def save_bot_texts(language: str, values: dict[str, str]) -> bool:
    """Write the default texts ("" language) or one translation; the revision moves so that
    every bot process reads them again at its next update. Whether anything changed.

    Default texts are stored only where they differ from today's defaults
    (advisor.texts.BOT_DEFAULTS), so a text put back to its default follows the code's."""
    with transaction.atomic():
        BotTexts.objects.get_or_create(pk=BotTexts.ROW_ID)
        row = BotTexts.objects.select_for_update().get(pk=BotTexts.ROW_ID)
        if language:
            kept = {key: value for key, value in values.items() if value}
            others = {code: words for code, words in row.translations.items() if code != language}
            translations = {**others, language: kept} if kept else others
            if translations == row.translations:
                return False
            update = {"translations": translations}
        else:
            texts = {key: value for key, value in values.items() if value != BOT_DEFAULTS[key]}
            if texts == row.texts:
                return False
            update = {"texts": texts}
        BotTexts.objects.filter(pk=BotTexts.ROW_ID).update(revision=F("revision") + 1, **update)
    return True


def bot_texts_page(model_admin, request):
    """The bot-wide words, in the default language or (?language=code) one translation."""
    if not request.user.has_perm("advisor.view_bottexts"):
        raise PermissionDenied
    may_change = request.user.has_perm("advisor.change_bottexts")
    bot_texts = BotTexts.objects.filter(pk=BotTexts.ROW_ID).first() or BotTexts(pk=BotTexts.ROW_ID)
    language = normalized(request.GET.get("language", ""))
    if language and not LANGUAGE_CODE.fullmatch(language):
        raise Http404("Not a language code.")
    languages = bot_languages(bot_texts)
    names = dict(languages)
    if language:
        values = bot_texts.translations.get(language, {})
    else:
        values = {**BOT_DEFAULTS, **bot_texts.texts}
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = BotTextsForm(values, not language, request.POST)
        if form.is_valid():
            which = (
                f"the {names.get(language, language)} bot texts" if language else "the bot texts"
            )
            values = {spec.key: form.cleaned_data[spec.key] for spec in BOT_TEXTS}
            if save_bot_texts(language, values):
                messages.success(request, f"Saved {which}: users see them at their next message.")
            else:
                messages.info(request, f"Nothing to save: {which} were already so.")
            url = reverse("admin:advisor_bot_texts")
            return HttpResponseRedirect(f"{url}?language={language}" if language else url)
    else:
        form = BotTextsForm(values, not language)
    defaults = {**BOT_DEFAULTS, **bot_texts.texts}
    rows = [
        {
            "spec": spec,
            "field": form[spec.key],
            "default": defaults[spec.key],
            "code_default": spec.default,
            "translated": bool(values.get(spec.key)),
            "edited": bot_texts.texts.get(spec.key, spec.default) != spec.default,
        }
        for spec in BOT_TEXTS
    ]
    url = reverse("admin:advisor_bot_texts")
    tabs = [{"code": "", "name": "Default", "url": url, "current": not language}]
    if language and language not in names:
        languages = sorted([*languages, (language, language)])
    tabs += [
        {"code": code, "name": name, "url": f"{url}?language={code}", "current": code == language}
        for code, name in languages
    ]
    return map_page(
        model_admin,
        request,
        "bot_texts.html",
        "Bot texts",
        form=form,
        rows=rows,
        language=language,
        language_name=names.get(language, language),
        is_new=bool(language) and language not in bot_texts.translations,
        tabs=tabs,
        translated=sum(1 for row in rows if row["translated"]),
        may_change=may_change,
    )
