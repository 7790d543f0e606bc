"""Map files: exportmap / importmap and the admin's download and upload, all or nothing."""

import json
import subprocess
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from advisor.mapfile import MAX_MAP_FILE_BYTES
from advisor.models import Button, Map, Node
from tests.conftest import MANAGE, PROJECT

pytestmark = pytest.mark.django_db


def exported(slug: str = "sklearn", *options: str) -> str:
    """The map file exportmap prints: the draft unless options say otherwise."""
    out = StringIO()
    call_command("exportmap", slug, *(options or ["--draft"]), stdout=out)
    return out.getvalue()


def import_file(path, *options) -> str:
    out = StringIO()
    call_command("importmap", str(path), *options, stdout=out)
    return out.getvalue().strip()


def counts() -> tuple[int, int, int]:
    return Map.objects.count(), Node.objects.count(), Button.objects.count()


def test_export_then_import_reproduces_the_map_exactly(tmp_path):
    text = exported()
    data = json.loads(text)
    assert len(data["nodes"]) == 33 and data["start"] == "more-than-50-samples"
    copy = {**data, "slug": "sklearn-copy", "is_default": False}
    (tmp_path / "copy.json").write_text(json.dumps(copy))
    assert import_file(tmp_path / "copy.json") == (
        f"Imported map 'sklearn-copy' (33 steps) from {tmp_path / 'copy.json'}."
    )
    assert json.loads(exported("sklearn-copy")) == copy

    (tmp_path / "map.json").write_text(text)
    import_file(tmp_path / "map.json", "--replace")
    assert exported() == text
    assert Map.objects.get(slug="sklearn").is_default


def test_a_bad_file_changes_nothing_and_says_which_field(tmp_path):
    text = exported()
    data = json.loads(text)
    data["title"] = "Changed"
    data["nodes"][5]["buttons"][0]["target"] = "nowhere"
    (tmp_path / "bad.json").write_text(json.dumps(data))
    before = counts()
    with pytest.raises(CommandError) as error:
        import_file(tmp_path / "bad.json", "--replace")
    assert str(error.value) == (
        f"{tmp_path / 'bad.json'}: nodes[5].buttons[0].target: no node has the key 'nowhere'"
    )
    assert counts() == before and exported() == text


def test_a_file_that_is_not_json_names_the_line(tmp_path):
    (tmp_path / "broken.json").write_text('{\n  "slug": "x",\n  "title": oops\n}\n')
    with pytest.raises(
        CommandError, match=r"broken.json: not a map file: line 3, column 12: Expecting value"
    ):
        import_file(tmp_path / "broken.json")


def test_an_existing_map_is_only_overwritten_with_replace(tmp_path):
    (tmp_path / "map.json").write_text(exported())
    with pytest.raises(CommandError, match="a map 'sklearn' exists already"):
        import_file(tmp_path / "map.json")
    with pytest.raises(CommandError, match="cannot be read"):
        import_file(tmp_path / "missing.json")


def test_the_admin_downloads_a_map_file(editor_client):
    map_obj = Map.objects.get(slug="sklearn")
    changelist = reverse("admin:advisor_map_changelist")
    response = editor_client.post(
        changelist, {"action": "download_map_file", "_selected_action": [map_obj.pk]}
    )
    assert response["Content-Disposition"] == 'attachment; filename="sklearn.json"'
    assert response.content.decode() == exported()
    link = editor_client.get(reverse("admin:advisor_map_download", args=[map_obj.pk]))
    assert link.content == response.content


def upload(client, name: str, content: str | bytes, replace: bool = False):
    data = content.encode() if isinstance(content, str) else content
    form = {"file": SimpleUploadedFile(name, data, "application/json")}
    if replace:
        form["replace"] = "on"
    return client.post(reverse("admin:advisor_map_import"), form, follow=True)


def test_the_admin_uploads_a_map_file_all_or_nothing(editor_client):
    data = json.loads(exported())
    data["nodes"][0]["text"] = ""
    before = counts()
    page = upload(editor_client, "bad.json", json.dumps(data), replace=True)
    assert page.context["form"].errors["file"] == [
        "Nothing was imported: nodes[0].text: must not be empty"
    ]
    assert counts() == before

    data["nodes"][0]["text"] = "Have you got more than 50 samples?"
    page = upload(editor_client, "good.json", json.dumps(data), replace=True)
    assert [str(m) for m in page.context["messages"]] == [
        "Imported “Choosing the right scikit-learn estimator” (33 steps)."
    ]
    assert page.context["original"].start_node.text == "Have you got more than 50 samples?"


UNREADABLE = {
    "nested too deeply": "[" * 100_000,
    "not UTF-8": "\udcff{}",
    "a number too long to convert": '{"slug": ' + "9" * 5000 + "}",
}


@pytest.mark.parametrize("why", UNREADABLE)
def test_a_file_the_parser_gives_up_on_is_refused_in_one_line_and_changes_nothing(
    tmp_path, editor_client, project_env, why
):
    before = counts()
    path = tmp_path / "unreadable.json"
    path.write_bytes(UNREADABLE[why].encode("utf-8", "surrogateescape"))
    result = subprocess.run(
        [*MANAGE, "importmap", str(path)],
        cwd=PROJECT,
        env=project_env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"CommandError: {path}: not a map file: ")
    assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback

    page = upload(
        editor_client, "unreadable.json", UNREADABLE[why].encode("utf-8", "surrogateescape")
    )
    assert page.status_code == 200
    [error] = page.context["form"].errors["file"]
    assert error.startswith("Nothing was imported: not a map file: ")
    assert counts() == before


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(editor_client):
    before = counts()
    page = upload(editor_client, "huge.json", b" " * (MAX_MAP_FILE_BYTES + 1) + b"[")
    assert page.context["form"].errors["file"] == [
        "Nothing was imported: not a map file: it is over 20 MB, the most a map file may be"
    ]
    assert counts() == before
