"""The message editor's widget: a textarea that advisor/static/advisor/richtext.js shows as a
box with a formatting toolbar. Either way it holds the message as Telegram HTML; without
JavaScript the editor types the tags (<b>, <i>, <a href="…">…) in the textarea itself."""

from django import forms


class RichTextarea(forms.Textarea):
    class Media:
        js = ["advisor/richtext-markup.js", "advisor/richtext.js"]
        css = {"all": ["advisor/richtext.css"]}

    def __init__(self, attrs=None):
        super().__init__({"class": "vLargeTextField", "data-rich-text": True, **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        """Browsers send a textarea's line breaks as CRLF; the bot's messages use "\\n"."""
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value
