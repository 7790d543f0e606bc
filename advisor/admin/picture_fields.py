"""A step's picture on its admin page: shown, replaced by an upload, or removed. The upload
is checked as Telegram takes photos (advisor.pictures) before anything is stored."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from advisor.pictures import MAX_BYTES, PictureError, checked, store


class PictureFields(forms.ModelForm):
    """The picture fields of a step's form (with ``picture`` among the model's fields)."""

    new_picture = forms.FileField(
        label="picture",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="Shown above the message, which becomes its caption (at most 1024 "
        "characters). JPEG, PNG or WebP up to 10 MB, width + height at most 10 000 pixels.",
    )
    remove_picture = forms.BooleanField(label="remove the picture", required=False)

    def clean_new_picture(self) -> bytes | None:
        upload = self.cleaned_data.get("new_picture")
        if not upload:
            return None
        data = upload.read(MAX_BYTES + 1)
        try:
            checked(data)
        except PictureError as error:
            raise forms.ValidationError(str(error), code="picture") from None
        return data

    def _post_clean(self):
        data = self.cleaned_data.get("new_picture")
        if data and not self.errors:
            self.instance.picture = store(data)
        elif self.cleaned_data.get("remove_picture"):
            self.instance.picture = None
        super()._post_clean()


def shown_picture(node) -> str:
    """The step's picture as its page shows it: small, linking to the full size."""
    if not node or not node.picture_id:
        return "none"
    url = reverse("admin:advisor_map_picture", args=[node.map_id, node.picture_id])
    return format_html(
        '<a href="{}"><img src="{}" alt="The step\'s picture" class="step-picture"></a>', url, url
    )
