"""Texts become formatted (Telegram's HTML, advisor.markup): every step's message, greeting
and goodbye, and their translations, in the draft and in every version, are escaped so that
they read exactly as before (a "<100K" or "a & b" stays literal); ids and versions are kept.
Then the shipped scikit-learn map's texts that still read as shipped take on its formatting
(estimator names in bold, module paths as code), their words unchanged."""

from django.db import migrations, models

import advisor.markup  # only for the fields' validators below

from ._content import convert_texts
from ._markup import escape, plain
from ._shipped import shipped_map


def _shipped_texts() -> dict:
    """The shipped map's formatted texts, by what they read as in words."""
    shipped = shipped_map()
    texts = [node["text"] for node in shipped["nodes"]]
    texts += [shipped["greeting"], shipped["goodbye"]]
    return {plain(text): text for text in texts}


def _formatter(shipped: dict | None):
    """Escape a plain text; a shipped map's text still as shipped takes its formatting."""

    def format_text(text: str) -> str:
        if shipped is not None and text in shipped:
            return shipped[text]
        return escape(text)

    return format_text


def _convert(apps, convert_for, text_format: str) -> None:
    map_model = apps.get_model("advisor", "Map")
    for map_obj in map_model.objects.all():
        convert = convert_for(map_obj.slug)
        for field in ("greeting", "goodbye"):
            setattr(map_obj, field, convert(getattr(map_obj, field)))
        map_obj.translations = _translated(map_obj.translations, convert)
        # update(), not save(): the draft's revision stays, nothing is an editor's edit
        map_model.objects.filter(pk=map_obj.pk).update(
            greeting=map_obj.greeting, goodbye=map_obj.goodbye, translations=map_obj.translations
        )
        for node in map_obj.nodes.all():
            node.text = convert(node.text)
            node.translations = _translated(node.translations, convert)
            node.save(update_fields=["text", "translations"])
        for version in map_obj.versions.all():
            version.content = convert_texts(version.content, convert, text_format)
            version.save(update_fields=["content"])


def _translated(translations: dict, convert) -> dict:
    return {
        code: {k: convert(v) if k in ("text", "greeting", "goodbye") else v for k, v in t.items()}
        for code, t in translations.items()
    }


def format_texts(apps, schema_editor):
    shipped = _shipped_texts()
    _convert(apps, lambda slug: _formatter(shipped if slug == "sklearn" else None), "html")


def unformat_texts(apps, schema_editor):
    _convert(apps, lambda slug: plain, "plain")


class Migration(migrations.Migration):
    dependencies = [("advisor", "0010_team_editing")]
    operations = [
        migrations.AlterField(
            model_name="map",
            name="greeting",
            field=models.TextField(
                blank=True,
                help_text="Shown above the first question after /start. {first_name} is "
                "replaced by the user's first name.",
                validators=[
                    advisor.markup.validate_markup,
                    advisor.markup.TelegramLengthValidator(1000),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="map",
            name="goodbye",
            field=models.TextField(
                default="Goodbye, and all the best — /start to begin again",
                help_text="Shown when the user presses Done or sends /cancel.",
                validators=[
                    advisor.markup.validate_markup,
                    advisor.markup.TelegramLengthValidator(1000),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="node",
            name="text",
            field=models.TextField(
                error_messages={
                    "blank": "Write what the bot says at this step; it cannot be empty.",
                    "max_length": "Too long for Telegram: a message holds at most 4096 "
                    "characters, and a step may use %(limit_value)d of them (the rest is kept "
                    "for the greeting and the link). This one has %(show_value)d.",
                },
                help_text="What the bot says at this step.",
                validators=[
                    advisor.markup.validate_markup,
                    advisor.markup.TelegramLengthValidator(3500),
                ],
                verbose_name="message",
            ),
        ),
        migrations.RunPython(format_texts, unformat_texts),
    ]
