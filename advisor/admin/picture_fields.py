"""A step's picture on its admin page: shown, replaced by an upload, or removed. The upload
is checked as Telegram takes photos (advisor.pictures) before anything is stored."""

import hashlib

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from advisor.pictures import MAX_BYTES, PictureError, checked, store

ACCEPTED = "image/jpeg,image/png,image/webp"
#: The form fields of the pictures per language: "language_picture_es".
LANGUAGE_PICTURE = "language_picture_"


class PictureFields(forms.ModelForm):
    """The picture fields of a step's form (with ``picture`` among the model's fields)."""

    new_picture = forms.FileField(
        label="picture",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
        help_text="Shown above the message, which becomes its caption (at most 1024 "
        "characters). JPEG, PNG or WebP up to 10 MB, width + height at most 10 000 pixels.",
    )
    remove_picture = forms.BooleanField(label="remove the picture", required=False)
    #: The pictures as the page showed them, which the conflict check compares (advisor.admin.
    #: guarded): a picture another editor changed meanwhile is never replaced unseen.
    pictures = forms.CharField(label="picture", required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("pictures", pictures_state(self.instance))

    @classmethod
    def posted_changes(cls, data, files) -> dict[str, str]:
        """The pictures as this save would leave them (an upload named by its SHA-256)."""
        own, *rest = (data.get("pictures") or "").split() or [NONE]
        languages = dict(part.split("=", 1) for part in rest if "=" in part)
        if files.get("new_picture"):
            own = uploaded_sha256(files["new_picture"])
        elif data.get("remove_picture"):
            own = NONE
        for name in data:
            if name.startswith(f"remove_{LANGUAGE_PICTURE}"):
                languages.pop(name.removeprefix(f"remove_{LANGUAGE_PICTURE}"), None)
        for name, upload in files.items():
            if name.startswith(LANGUAGE_PICTURE):
                languages[name.removeprefix(LANGUAGE_PICTURE)] = uploaded_sha256(upload)
        return {"pictures": _state(own, languages)}

    def clean(self):
        """Each language's own picture, checked like the step's."""
        cleaned = super().clean()
        for name in [name for name in self.fields if name.startswith(LANGUAGE_PICTURE)]:
            upload = cleaned.get(name)
            if upload:
                try:
                    cleaned[name] = checked_upload(upload)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def clean_new_picture(self) -> bytes | None:
        upload = self.cleaned_data.get("new_picture")
        return checked_upload(upload) if upload else None

    def _post_clean(self):
        data = self.cleaned_data.get("new_picture")
        if data and not self.errors:
            self.instance.picture = store(data)
        elif self.cleaned_data.get("remove_picture"):
            self.instance.picture = None
        for name in [name for name in self.fields if name.startswith(LANGUAGE_PICTURE)]:
            code = name.removeprefix(LANGUAGE_PICTURE)
            words = dict(self.instance.translations.get(code, {}))
            if self.cleaned_data.get(name) and not self.errors:
                words["picture"] = store(self.cleaned_data[name]).pk
            elif self.cleaned_data.get(f"remove_{name}"):
                words.pop("picture", None)
            else:
                continue
            self.instance.translations = {**self.instance.translations, code: words}
        super()._post_clean()


NONE = "-"


def pictures_state(node) -> str:
    """A step's pictures as one value: its own ("-" for none), then each language's."""
    languages = {code: words.get("picture") for code, words in node.translations.items()}
    return _state(node.picture_id or NONE, {code: sha for code, sha in languages.items() if sha})


def _state(own: str, languages: dict[str, str]) -> str:
    return " ".join([own, *(f"{code}={sha}" for code, sha in sorted(languages.items()))])


def uploaded_sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def checked_upload(upload) -> bytes:
    """An uploaded file's bytes if it can be a step's picture; a form error otherwise."""
    data = upload.read(MAX_BYTES + 1)
    try:
        checked(data)
    except PictureError as error:
        raise forms.ValidationError(str(error), code="picture") from None
    return data


def with_language_pictures(form_class, node) -> type:
    """The step's form with, per translation of its map, an optional picture of its own."""
    fields = {}
    for code, name in _languages(node):
        now = node.translations.get(code, {}).get("picture")
        shown = format_html(" Now: {}", _thumbnail(node.map_id, now)) if now else ""
        fields[f"{LANGUAGE_PICTURE}{code}"] = forms.FileField(
            label=f"picture in {name}",
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
            help_text=format_html(
                "Optional: shown instead of the step's picture to users reading {}.{}",
                name,
                shown,
            ),
        )
        fields[f"remove_{LANGUAGE_PICTURE}{code}"] = forms.BooleanField(
            label=f"remove the picture in {name}", required=False
        )
    return type(form_class.__name__, (form_class,), fields) if fields else form_class


def shown_picture(node) -> str:
    """The step's picture as its page shows it: small, linking to the full size."""
    if not node or not node.picture_id:
        return "none"
    return _thumbnail(node.map_id, node.picture_id)


def _languages(node) -> list[tuple[str, str]]:
    """The translations of the step's map, read once per step object (the admin builds its
    form more than once a request)."""
    if node is None:
        return []
    if not hasattr(node, "_map_languages"):
        node._map_languages = list(node.map.languages.values_list("code", "name"))
    return node._map_languages


def _thumbnail(map_id: int, sha256: str) -> str:
    url = reverse("admin:advisor_map_picture", args=[map_id, sha256])
    return format_html(
        '<a href="{}"><img src="{}" alt="The picture" class="step-picture"></a>', url, url
    )
