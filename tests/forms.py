"""Submitting an admin page's form as a browser does: every field the page rendered (hidden
ones included, such as the state the page was opened at), with some values changed."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields of each POST form of a page, by the form's id, as a browser would send
    them unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.forms: list[tuple[str, list]] = []
        self.fields: list[tuple[str, str]] = []
        self.textarea: str | None = None
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.option: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.inside, self.fields = True, []
            self.forms.append((attrs.get("id", ""), self.fields))
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self.textarea, self.text = name, ""
        elif tag == "select" and name and "__prefix__" not in name:
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.option = attrs.get("value")
            self.options.append([self.option, "selected" in attrs, ""])

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data
        elif self.select and self.options and self.options[-1][0] is None:
            self.options[-1][2] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [o for o in self.options if o[1]] or self.options[:1]
            for value, _, text in chosen:
                self.fields.append((self.select, value if value is not None else text.strip()))
            self.select = None


def form_data(html: str, form_id: str | None = None) -> dict[str, str]:
    """A form's fields and values (the last value of a name repeated): the one with
    ``form_id``, else the page's largest POST form."""
    parser = FormFields()
    parser.feed(html)
    forms = [fields for name, fields in parser.forms if form_id in (None, name)]
    return dict(max(forms, key=len))


def submit(client, url: str, changes: dict | None = None, form_id: str | None = None, **extra):
    """Open ``url``, then post its form with ``changes`` (a value None leaves a field out,
    as an unticked box)."""
    data = form_data(client.get(url).content.decode(), form_id)
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post(url, data, **extra)
