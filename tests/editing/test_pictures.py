"""Steps' pictures in the admin: uploaded and checked, shown in the preview and the change
list, kept by versions and map files, freed when nothing uses them."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from advisor import conversation, pictures
from advisor.actions import PruneVersions
from advisor.actions.base import count_draft_edit
from advisor.mapfile import export_map, export_map_json, import_map, parse_map_json
from advisor.models import Map, Node, Picture
from advisor.versions import publish, restore_draft, unpublished_changes, version_numbered
from tests.forms import form_data
from tests.pictures import BAD_UPLOADS, image

pytestmark = pytest.mark.django_db


def upload(client, step: Node, data: bytes, name="picture.png"):
    url = reverse("admin:advisor_node_change", args=[step.pk])
    fields = form_data(client.get(url).content.decode())
    fields["new_picture"] = SimpleUploadedFile(name, data)
    return client.post(url, fields)


def test_an_editor_uploads_a_picture_and_sees_it_in_the_preview(editor_client):
    sklearn = Map.objects.get(slug="sklearn")
    step = sklearn.nodes.get(key="more-than-50-samples")
    data = image("WEBP")
    assert upload(editor_client, step, data, "chart.webp").status_code == 302
    step.refresh_from_db()
    assert step.picture_id == Picture.objects.get().pk
    assert step.picture.content_type == "image/webp" and bytes(step.picture.data) == data

    preview = editor_client.get(reverse("admin:advisor_map_preview", args=[sklearn.pk]))
    src = reverse("admin:advisor_map_picture", args=[sklearn.pk, step.picture_id])
    assert f'<img class="preview-picture" src="{src}"' in preview.content.decode()
    served = editor_client.get(src)
    assert served["Content-Type"] == "image/webp" and served.content == data

    [change] = unpublished_changes(Map.objects.get(pk=sklearn.pk))
    assert change.summary == "The picture of “Do you have more than 50 samples?” was added."
    page = editor_client.get(reverse("admin:advisor_map_changes", args=[sklearn.pk]))
    assert f'<img src="{src}" alt="The picture after">' in page.content.decode()


@pytest.mark.parametrize(("data", "said"), BAD_UPLOADS)
def test_a_file_that_cannot_be_a_photo_is_refused_and_nothing_is_stored(editor_client, data, said):
    step = Map.objects.get(slug="sklearn").nodes.get(key="linear-svc")
    response = upload(editor_client, step, data)
    assert response.status_code == 200 and said in response.content.decode()
    assert not Picture.objects.exists()
    step.refresh_from_db()
    assert step.picture is None


def test_a_restored_version_brings_back_its_picture_and_pruning_keeps_what_is_used(publisher):
    sklearn = Map.objects.get(slug="sklearn")
    step = sklearn.nodes.get(key="linear-svc")
    first, second = (pictures.store(image(color=c)) for c in ("red", "blue"))
    Node.objects.filter(pk=step.pk).update(picture=first)
    count_draft_edit(sklearn)
    publish(Map.objects.get(pk=sklearn.pk))  # version 2: the red picture
    Node.objects.filter(pk=step.pk).update(picture=second)
    count_draft_edit(sklearn)
    publish(Map.objects.get(pk=sklearn.pk))  # version 3: the blue one
    sklearn = Map.objects.get(pk=sklearn.pk)
    restore_draft(sklearn, version_numbered(sklearn, 2))
    step.refresh_from_db()
    assert step.picture_id == first.pk

    Node.objects.filter(pk=step.pk).update(picture=None)
    PruneVersions(Map.objects.get(pk=sklearn.pk), keep=1, user=publisher).execute()
    # version 3 is live (blue); the draft and the pruned version 2 no longer use red
    assert set(Picture.objects.values_list("pk", flat=True)) == {second.pk}


def test_a_map_file_carries_its_pictures_and_round_trips():
    sklearn = Map.objects.get(slug="sklearn")
    picture = pictures.store(image("JPEG"))
    sklearn.nodes.filter(key="lle").update(picture=picture)
    data = export_map(sklearn)
    [lle] = [node for node in data["nodes"] if node["key"] == "lle"]
    assert lle["picture"].startswith("data:image/jpeg;base64,")
    copy = import_map(parse_map_json(export_map_json({**data, "slug": "copy"})))
    assert copy.nodes.get(key="lle").picture_id == picture.pk
    assert export_map(copy)["nodes"] == data["nodes"]
    lle["picture"] = "data:image/png;base64,JVBERi0xLjQK"  # a PDF's bytes, called a PNG
    with pytest.raises(ValueError, match=r"nodes\[\d+\]\.picture: This is not a JPEG"):
        parse_map_json(json.dumps({**data, "slug": "bad"}))


def test_a_picture_is_uploaded_in_the_outline_and_a_bad_one_keeps_what_was_typed(editor_client):
    sklearn = Map.objects.get(slug="sklearn")
    step = sklearn.nodes.get(key="linear-svc")
    address = reverse("admin:advisor_map_outline_step", args=[sklearn.pk, step.pk])
    htmx = {"HTTP_HX_REQUEST": "true"}
    fields = form_data(editor_client.get(address, **htmx).content.decode())
    typed = {**fields, "text": "Try <b>Linear SVC</b> first."}
    pdf = SimpleUploadedFile("chart.png", BAD_UPLOADS[0][0])
    refused = editor_client.post(address, {**typed, "new_picture": pdf}, **htmx)
    html = refused.content.decode()
    assert "This is not a JPEG, PNG or WebP picture." in html
    assert "Try &lt;b&gt;Linear SVC&lt;/b&gt; first." in html  # kept as typed
    step.refresh_from_db()
    assert step.picture is None and not step.text.endswith("first.")

    png = SimpleUploadedFile("chart.png", image())
    saved = editor_client.post(address, {**typed, "new_picture": png}, **htmx)
    assert "Saved" in saved.content.decode()
    step.refresh_from_db()
    assert step.picture is not None and step.text == "Try <b>Linear SVC</b> first."
    fields = form_data(editor_client.get(address, **htmx).content.decode())
    editor_client.post(address, {**fields, "remove_picture": "1"}, **htmx)
    step.refresh_from_db()
    assert step.picture is None


def test_a_language_may_have_its_own_picture(editor_client):
    sklearn = Map.objects.get(slug="sklearn")  # translated into Spanish
    step = sklearn.nodes.get(key="more-than-50-samples")
    url = reverse("admin:advisor_node_change", args=[step.pk])
    fields = form_data(editor_client.get(url).content.decode())
    english, spanish = image(color="navy"), image(color="gold")
    fields["new_picture"] = SimpleUploadedFile("en.png", english)
    fields["language_picture_es"] = SimpleUploadedFile("es.pdf", BAD_UPLOADS[0][0])
    refused = editor_client.post(url, fields)
    assert "This is not a JPEG, PNG or WebP" in refused.content.decode()
    assert not Picture.objects.exists()
    fields["language_picture_es"] = SimpleUploadedFile("es.png", spanish)
    fields["new_picture"] = SimpleUploadedFile("en.png", english)
    assert editor_client.post(url, fields).status_code == 302
    step.refresh_from_db()
    assert bytes(step.picture.data) == english
    es = step.translations["es"]
    assert bytes(Picture.objects.get(pk=es["picture"]).data) == spanish
    assert es["text"] == "¿Tienes más de 50 muestras?"  # its words kept

    preview = reverse("admin:advisor_map_preview", args=[sklearn.pk])
    for language, picture in (("", step.picture_id), ("es", es["picture"])):
        screen = editor_client.get(preview, {"language": language}).context["screen"]
        assert screen.picture == picture
    data = export_map(Map.objects.get(pk=sklearn.pk))
    [start] = [node for node in data["nodes"] if node["key"] == step.key]
    assert start["translations"]["es"]["picture"].startswith("data:image/png;base64,")
    copy = import_map(parse_map_json(export_map_json({**data, "slug": "copy"})))
    assert copy.nodes.get(key=step.key).translations["es"]["picture"] == es["picture"]
    assert pictures.in_use() == {step.picture_id, es["picture"]}


def test_an_editors_picture_waits_for_a_publisher_and_survives_a_second_editor(
    editor_client, second_editor
):
    """Two Map editors on one step at once: one uploads a picture, the other (whose page was
    opened before) rewords the message: told of the picture, their wording kept, one more
    save keeps both; users see neither until a publisher publishes."""
    second = second_editor
    step = Map.objects.get(slug="sklearn").start_node
    url = reverse("admin:advisor_node_change", args=[step.pk])
    sams = form_data(second.get(url).content.decode())  # opened before the upload

    assert upload(editor_client, step, image("PNG", "purple")).status_code == 302
    sams["text"] = "Do you have <b>more than 50</b> samples?"
    refused = second.post(url, sams)
    assert "eve changed this step just now: the picture." in " ".join(
        refused.content.decode().split()
    )
    again = form_data(refused.content.decode())
    assert again["text"] == sams["text"]  # what was typed is kept
    assert second.post(url, again).status_code == 302
    step.refresh_from_db()
    assert step.text == "Do you have <b>more than 50</b> samples?" and step.picture is not None
    assert conversation.start("Ada").picture == ""  # the live version: no picture yet
    assert "more than 50 samples" in conversation.start("Ada").text


def test_two_editors_replacing_one_picture_at_once(editor_client, second_editor):
    """The second upload over a picture the first editor changed meanwhile is refused with
    who changed it; their picture stays until the second editor chooses again."""
    second = second_editor
    step = Map.objects.get(slug="sklearn").start_node
    url = reverse("admin:advisor_node_change", args=[step.pk])
    sams = form_data(second.get(url).content.decode())
    assert upload(editor_client, step, image("PNG", "purple")).status_code == 302
    history = step.map.history.first().summary
    assert history.startswith("Changed step") and "the picture" in history
    mine = SimpleUploadedFile("b.png", image("PNG", "lime"))
    refused = second.post(url, {**sams, "new_picture": mine})
    assert refused.status_code == 200
    assert "eve changed this step just now: the picture. Nothing was saved." in " ".join(
        refused.content.decode().split()
    )
    step.refresh_from_db()
    assert bytes(step.picture.data) == image("PNG", "purple")
    again = form_data(refused.content.decode())
    again["new_picture"] = SimpleUploadedFile("b.png", image("PNG", "lime"))
    assert second.post(url, again).status_code == 302  # chosen again, over theirs
    step.refresh_from_db()
    assert bytes(step.picture.data) == image("PNG", "lime")
