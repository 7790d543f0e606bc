"""The bot-wide words (advisor.core.texts.BOT_TEXTS) as stored: their languages and saving them.
They belong to no map and have no draft: a save reaches users at their next update."""

from django.db import transaction
from django.db.models import F

from advisor.core.texts import BOT_DEFAULTS, normalized
from advisor.models import BotTexts, Map, MapLanguage


def stored_bot_texts() -> BotTexts:
    """The one row (unsaved and empty before the first save)."""
    return BotTexts.objects.filter(pk=BotTexts.ROW_ID).first() or BotTexts(pk=BotTexts.ROW_ID)


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


def shown_values(bot_texts: BotTexts, language: str) -> dict[str, str]:
    """The texts as the page shows them: the default language's with today's defaults
    filled in, or one translation's (missing ones empty)."""
    if language:
        return dict(bot_texts.translations.get(language, {}))
    return {**BOT_DEFAULTS, **bot_texts.texts}


def save_bot_texts(language: str, values: dict[str, str]) -> bool:
    """Write some of the default texts ("" language) or of one translation; the revision
    moves so that every bot process reads them again at its next update. Whether anything
    changed. Texts not in ``values`` stay as stored.

    Default texts are stored only where they differ from today's defaults
    (advisor.core.texts.BOT_DEFAULTS), so a text put back to its default follows the code's."""
    with transaction.atomic():
        BotTexts.objects.get_or_create(pk=BotTexts.ROW_ID)
        row = BotTexts.objects.select_for_update().get(pk=BotTexts.ROW_ID)
        merged = {**shown_values(row, language), **values}
        if language:
            kept = {key: value for key, value in merged.items() if value}
            others = {code: words for code, words in row.translations.items() if code != language}
            translations = {**others, language: kept} if kept else others
            if translations == row.translations:
                return False
            update = {"translations": translations}
        else:
            texts = {key: value for key, value in merged.items() if value != BOT_DEFAULTS[key]}
            if texts == row.texts:
                return False
            update = {"texts": texts}
        BotTexts.objects.filter(pk=BotTexts.ROW_ID).update(revision=F("revision") + 1, **update)
    return True
