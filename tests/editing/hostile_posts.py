"""The forms of hostile_requests' test: every page a POST reaches, with the form it posts
(read from the page, as a browser would post it) and hostile variants of its data."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.editing.hostile_routes import HUGE, Ids, elsewhere


def post_pages(ids: Ids) -> list[tuple[str, str | None, dict, list]]:
    """Every page a POST reaches: (its URL, the page whose form it posts, data beyond that
    form's, more variants as (label, data))."""
    m, s, leaf, b = ids.map, ids.step, ids.leaf, ids.button
    outline = f"/admin/advisor/map/{m}/outline/"
    change = reverse("admin:advisor_map_change", args=[m])
    step = reverse("admin:advisor_node_change", args=[s])
    bad_picture = [
        ("empty picture", {"new_picture": SimpleUploadedFile("a.jpg", b"")}),
        ("text as a picture", {"new_picture": SimpleUploadedFile("a.jpg", b"<svg/>" * 100)}),
        ("picture's long name", {"new_picture": SimpleUploadedFile("a" * 5000 + ".png", b"x")}),
    ]
    return [
        (
            change,
            change,
            {},
            [
                ("no translations counted", {"languages-INITIAL_FORMS": "0"}),
                ("huge count of translations", {"languages-TOTAL_FORMS": str(HUGE)}),
                ("a million translations", {"languages-TOTAL_FORMS": "1000000"}),
                ("another map's first step", {"start_node": str(elsewhere(ids).step)}),
                ("first step as text", {"start_node": "abc"}),
            ],
        ),
        (reverse("admin:advisor_map_add"), reverse("admin:advisor_map_add"), {}, []),
        (reverse("admin:advisor_map_delete", args=[m]), None, {"post": "yes"}, []),
        (
            reverse("admin:advisor_map_changelist"),
            None,
            {"action": "download_map_file", "_selected_action": str(m), "index": "0"},
            [],
        ),
        (
            reverse("admin:advisor_map_import"),
            None,
            {},
            [
                ("empty file", {"file": SimpleUploadedFile("m.json", b"")}),
                ("deep JSON", {"file": SimpleUploadedFile("m.json", b"[" * 100_000)}),
                ("not UTF-8", {"file": SimpleUploadedFile("m.json", b"\xff\xfe\x00")}),
                ("NUL in JSON", {"file": SimpleUploadedFile("m.json", b'{"slug":"a\\u0000"}')}),
            ],
        ),
        (reverse("admin:advisor_bot_texts"), reverse("admin:advisor_bot_texts"), {}, []),
        (f"/admin/advisor/map/{m}/publish/", f"/admin/advisor/map/{m}/publish/", {}, []),
        (f"/admin/advisor/map/{m}/discard/", f"/admin/advisor/map/{m}/discard/", {}, []),
        (
            f"/admin/advisor/map/{m}/discard/",
            None,
            {"unit": f"step:{s}", "seen": "x", "since": "1"},
            [("unit step:²", {"unit": "step:²"}), ("unit button:huge", {"unit": f"button:{HUGE}"})],
        ),
        (
            f"/admin/advisor/map/{m}/versions/{ids.version}/restore/",
            f"/admin/advisor/map/{m}/versions/{ids.version}/restore/",
            {},
            [],
        ),
        (
            f"/admin/advisor/map/{m}/translate/{ids.language}/",
            f"/admin/advisor/map/{m}/translate/{ids.language}/",
            {},
            [],
        ),
        (f"/admin/advisor/map/{m}/archive/", f"/admin/advisor/map/{m}/archive/", {}, []),
        (
            f"{outline}{s}/edit/",
            f"{outline}{s}/edit/",
            {},
            [
                *bad_picture,
                ("NUL in the message", {"text": "a\x00b"}),
                ("NUL in the short name", {"key": "a\x00"}),
                ("NUL in the link", {"doc_url": "https://a.org/\x00"}),
                ("a picture by name", {"picture_id": "0" * 64}),
                ("a picture by a long name", {"picture_id": "²" * 100_000}),
            ],
        ),
        (
            f"{outline}{s}/answer/",
            f"{outline}{s}/answer/",
            {},
            [
                ("to an existing step", {"leads": "existing", "target": str(leaf)}),
                ("to an existing step ٣", {"leads": "existing", "target": "٣"}),
                ("to a huge step", {"leads": "existing", "target": str(HUGE)}),
                ("NUL in a new step", {"label": "So", "new_text": "a\x00", "new_doc_url": "\x00"}),
                ("NUL in the answer", {"label": "a\x00", "summary": "\x00"}),
            ],
        ),
        (
            f"{outline}{s}/order/",
            None,
            {"order": f"{ids.other_button},{b}", "was": "x", "since": "1"},
            [],
        ),
        (
            f"{outline}{leaf}/delete/",
            f"{outline}{leaf}/delete/",
            {},
            [
                ("redirected", {"then": "redirect", "redirect": str(s)}),
                ("redirected to ²", {"then": "redirect", "redirect": "²"}),
                ("redirected to a huge step", {"then": "redirect", "redirect": str(HUGE)}),
            ],
        ),
        (
            f"{outline}button/{b}/",
            f"{outline}button/{b}/",
            {},
            [("NUL in the button text", {"label": "a\x00"})],
        ),
        (
            f"{reverse('admin:advisor_node_add')}?map={m}",
            f"{reverse('admin:advisor_node_add')}?map={m}",
            {},
            [],
        ),
        (
            step,
            step,
            {},
            [
                *bad_picture,
                ("huge count of buttons", {"buttons-TOTAL_FORMS": str(HUGE)}),
                ("a million buttons", {"buttons-TOTAL_FORMS": "1000000"}),
                ("a button to text", {"buttons-0-target": "abc"}),
                ("a button to another map", {"buttons-0-target": str(elsewhere(ids).step)}),
                ("odd pictures", {"pictures": ["abc", str(HUGE), "-1", "²"]}),
            ],
        ),
        (reverse("admin:advisor_node_delete", args=[s]), None, {"post": "yes"}, []),
        (
            reverse("admin:advisor_node_delete", args=[leaf]),
            reverse("admin:advisor_node_delete", args=[leaf]),
            {},
            [
                ("redirected", {"then": "redirect", "redirect": str(s)}),
                ("redirected to ²", {"then": "redirect", "redirect": "²"}),
                ("redirected to a huge step", {"then": "redirect", "redirect": str(HUGE)}),
                ("to another map", {"then": "redirect", "redirect": str(elsewhere(ids).step)}),
            ],
        ),
        (
            reverse("admin:advisor_node_changelist"),
            None,
            {"action": "delete_selected", "_selected_action": str(leaf), "index": "0"},
            [],
        ),
        (reverse("admin:botapp_reason_delete", args=[ids.reason]), None, {}, []),
    ]
