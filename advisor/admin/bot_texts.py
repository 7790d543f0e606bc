"""The Bot texts page: the bot-wide words in the default language and in each translation.
They belong to no map, so they have no draft: a save is live at once, and needs the publish
right (advisor.actions.SaveBotTexts). Thin: storing them is advisor.bottexts'."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from advisor import history
from advisor.actions import PUBLISH, SaveBotTexts, people_who_may
from advisor.admin.pages import map_page
from advisor.admin.textlists import (
    clash_message,
    clashing,
    refused_data,
    shown_fingerprints,
    text_check,
)
from advisor.admin.translate import TextField, text_widget
from advisor.bottexts import bot_languages, shown_values, stored_bot_texts
from advisor.conflict_check import Scope, Stale
from advisor.core.texts import BOT_DEFAULTS, BOT_TEXTS, LANGUAGE_CODE, normalized, text_error

KEYS = [spec.key for spec in BOT_TEXTS]
LABELS = {spec.key: f"“{spec.label}”" for spec in BOT_TEXTS}


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
            error = text_error(
                value, spec.limit, spec.allows_name, required=self.required, fills=spec.fills
            )
            if error:
                self.add_error(spec.key, error)
        return cleaned


def bot_texts_page(model_admin, request):
    """The bot-wide words, in the default language or (?language=code) one translation."""
    if not request.user.has_perm("advisor.view_bottexts"):
        raise PermissionDenied
    may_change = request.user.has_perm("advisor.change_bottexts") and request.user.has_perm(PUBLISH)
    bot_texts = stored_bot_texts()
    language = normalized(request.GET.get("language", ""))
    if language and not LANGUAGE_CODE.fullmatch(language):
        raise Http404("Not a language code.")
    languages = bot_languages(bot_texts)
    names = dict(languages)
    values = shown_values(bot_texts, language)
    current = {key: values.get(key, "") for key in KEYS}
    theirs = {}
    if request.method == "POST":
        which = f"the {names.get(language, language)} bot texts" if language else "the bot texts"
        action = SaveBotTexts(language, names.get(language, language), {}, user=request.user)
        action.check()
        form = BotTextsForm(values, not language, request.POST)
        try:
            result = text_check(request.POST, current, KEYS, Scope(None))
        except Stale as stale:
            messages.error(request, clash_message(stale, LABELS.get, request.user.get_username()))
            shown = refused_data(request.POST, stale.result, current, KEYS)
            form = BotTextsForm(values, not language, shown)
            theirs = clashing(stale)
        else:
            if form.is_valid():
                action.values = {key: form.cleaned_data[key] for key in result.mine}
                if action.values and action.execute():
                    messages.success(
                        request, f"Saved {which}: users see them at their next message."
                    )
                else:
                    messages.info(request, f"Nothing to save: {which} were already so.")
                url = reverse("admin:advisor_bot_texts")
                return HttpResponseRedirect(f"{url}?language={language}" if language else url)
    else:
        form = BotTextsForm(values, not language)
    was = shown_fingerprints(form.data, current, KEYS)
    defaults = {**BOT_DEFAULTS, **bot_texts.texts}
    rows = [
        {
            "spec": spec,
            "field": form[spec.key],
            "default": defaults[spec.key],
            "code_default": spec.default,
            "translated": bool(values.get(spec.key)),
            "edited": bot_texts.texts.get(spec.key, spec.default) != spec.default,
            "was": was[spec.key],
            "theirs": theirs.get(spec.key),
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
        publishers=people_who_may(PUBLISH),
        since=request.POST.get("since") or history.last_entry_id(None),
    )
