"""The Bot API stand-in keeps Telegram's rules, over real HTTP: HTML formatting, length
limits, photos and their file ids, edits, and inline keyboards, with Telegram's errors."""

import json

import pytest
from telegram import Bot, ForceReply, InputMediaPhoto, Update

from tests.botapi_calls import (
    CHAT,
    NOT_MODIFIED,
    call,
    covered,
    ok,
    png,
    refused,
    send_html,
    upload,
    with_bot,
)


@pytest.fixture
def api(botapi_server):
    botapi_server.reset()
    return botapi_server


def test_every_html_tag_becomes_its_entity_with_utf16_offsets(api):
    message = send_html(
        api,
        "😀 <b>bold</b> <strong>strong</strong> <i>i</i> <em>em</em> <u>u</u> <ins>ins</ins> "
        "<s>s</s> <strike>st</strike> <del>del</del> <tg-spoiler>sp</tg-spoiler> "
        '<span class="tg-spoiler">span</span> <code>code</code> <pre>pre</pre> '
        '<pre><code class="language-python">py</code></pre> '
        '<a href="https://Example.com/a?b=1">link</a> <blockquote>quote</blockquote> '
        '<blockquote expandable>more</blockquote> <tg-emoji emoji-id="53683">👍</tg-emoji>',
    )
    text, entities = message["text"], message["entities"]
    assert text == "😀 bold strong i em u ins s st del sp span code pre py link quote more 👍"
    assert entities[0] == {"type": "bold", "offset": 3, "length": 4}  # the emoji is 2 units
    assert [f"{e['type']}:{covered(text, e)}" for e in entities] == (
        "bold:bold bold:strong italic:i italic:em underline:u underline:ins strikethrough:s "
        "strikethrough:st strikethrough:del spoiler:sp spoiler:span code:code pre:pre pre:py "
        "text_link:link blockquote:quote expandable_blockquote:more custom_emoji:👍"
    ).split()
    assert entities[13]["language"] == "python" and "language" not in entities[12]
    assert entities[14]["url"] == "https://example.com/a?b=1"
    assert entities[17]["custom_emoji_id"] == "53683"


def test_nested_styles_are_split_as_telegram_splits_them(api):
    message = send_html(api, "  <b>bold <i>both</i></b>\n")
    assert message["text"] == "bold both"  # trimmed at both ends
    assert message["entities"] == [
        {"type": "bold", "offset": 0, "length": 5},
        {"type": "bold", "offset": 5, "length": 4},
        {"type": "italic", "offset": 5, "length": 4},
    ]


def test_a_literal_less_than_must_be_escaped(api):
    assert refused(api, "sendMessage", chat_id=CHAT, text="Under <100K", parse_mode="HTML") == (
        "Bad Request: can't parse entities: Unclosed start tag at byte offset 6"
    )
    text = "Under <100K samples"
    assert refused(api, "sendMessage", chat_id=CHAT, text=text, parse_mode="HTML") == (
        'Bad Request: can\'t parse entities: Unsupported start tag "100k" at byte offset 6'
    )
    message = send_html(api, "Under &lt;100K samples &amp; R&D &#x2265; 5")
    assert message["text"] == "Under <100K samples & R&D ≥ 5"  # a lone & is kept as it is
    plain = ok(api, "sendMessage", chat_id=CHAT, text="<b>5 < 6</b>")
    assert (plain["text"], "entities" in plain) == ("<b>5 < 6</b>", False)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<b>bold</i>", 'Unmatched end tag at byte offset 7, expected "</b>", found "</i>"'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("bold</b>", "Unexpected end tag at byte offset 4"),
        ("<p>para</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("é <br/>", 'Unsupported start tag "br/" at byte offset 3'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a href=x.org/>x</a>", "Unexpected end of name token at byte offset 8"),
        ("<tg-emoji emoji-id=x>x</tg-emoji>", "Invalid custom emoji identifier specified"),
    ],
)
def test_bad_markup_is_refused_with_telegrams_reason(api, html, reason):
    description = refused(api, "sendMessage", chat_id=CHAT, text=html, parse_mode="HTML")
    assert description == f"Bad Request: can't parse entities: {reason}"


def test_a_link_telegram_cannot_check_is_dropped_and_its_text_kept(api):
    message = send_html(api, '<a href="javascript:alert(1)">run</a> <a>https://x.org</a>')
    assert message["text"] == "run https://x.org"
    assert message["entities"] == [
        {"type": "text_link", "offset": 4, "length": 13, "url": "https://x.org/"}
    ]


def test_text_limits_count_the_parsed_text_in_utf16_units(api):
    assert send_html(api, f"<b>{'a' * 4096}</b>")["entities"][0]["length"] == 4096
    assert ok(api, "sendMessage", chat_id=CHAT, text="😀" * 2048)
    too_long = "Bad Request: message is too long"
    assert refused(api, "sendMessage", chat_id=CHAT, text="a" * 4097) == too_long
    assert refused(api, "sendMessage", chat_id=CHAT, text="😀" * 2048 + "a") == too_long
    assert (
        refused(api, "sendMessage", chat_id=CHAT, text="") == "Bad Request: message text is empty"
    )
    empty = refused(api, "sendMessage", chat_id=CHAT, text="<b> </b>", parse_mode="HTML")
    assert empty == "Bad Request: text must be non-empty"
    message = send_html(api, "short")
    edit = {"chat_id": CHAT, "message_id": message["message_id"], "text": "a" * 4097}
    assert refused(api, "editMessageText", **edit) == "Bad Request: MESSAGE_TOO_LONG"


def test_caption_limits(api):
    long_caption, too_long = "c" * 1025, "Bad Request: message caption is too long"
    photo = upload(api, caption="<b>" + "c" * 1024 + "</b>", parse_mode="HTML")
    assert len(photo["caption"]) == 1024
    file_id = photo["photo"][-1]["file_id"]
    assert refused(api, "sendPhoto", chat_id=CHAT, photo=file_id, caption=long_caption) == too_long
    edit = {"chat_id": CHAT, "message_id": photo["message_id"]}
    media = {"type": "photo", "media": file_id, "caption": long_caption}
    assert refused(api, "editMessageMedia", media=media, **edit) == too_long
    assert refused(api, "editMessageCaption", caption=long_caption, **edit) == (
        "Bad Request: MEDIA_CAPTION_TOO_LONG"
    )


def test_photo_and_text_messages_take_only_their_own_edits(api):
    photo, text = upload(api, caption="a picture"), send_html(api, "words")
    on_photo = {"chat_id": CHAT, "message_id": photo["message_id"]}
    on_text = {"chat_id": CHAT, "message_id": text["message_id"]}
    assert refused(api, "editMessageText", text="new", **on_photo) == (
        "Bad Request: there is no text in the message to edit"
    )
    assert refused(api, "editMessageCaption", caption="new", **on_text) == (
        "Bad Request: there is no caption in the message to edit"
    )
    media = {"type": "photo", "media": photo["photo"][-1]["file_id"], "caption": "<i>now</i>"}
    edited = ok(api, "editMessageMedia", media={**media, "parse_mode": "HTML"}, **on_text)
    assert "text" not in edited and edited["caption"] == "now"
    assert edited["caption_entities"] == [{"type": "italic", "offset": 0, "length": 3}]
    chat = api.chat(CHAT)
    assert chat.screen() == ("now", []) and chat.photo() == photo["photo"][-1]["file_unique_id"]


def test_an_edit_that_changes_nothing_is_refused(api):
    keyboard = {"inline_keyboard": [[{"text": "Next", "callback_data": "n"}]]}
    text = send_html(api, "<b>step</b>", reply_markup=keyboard)
    on_text = {"chat_id": CHAT, "message_id": text["message_id"], "reply_markup": keyboard}
    same = {"text": "<strong>step</strong>", "parse_mode": "HTML", **on_text}
    assert refused(api, "editMessageText", **same) == NOT_MODIFIED
    assert refused(api, "editMessageReplyMarkup", **on_text) == NOT_MODIFIED
    assert ok(api, "editMessageText", text="step", **on_text)["text"] == "step"  # not bold now
    photo = upload(api, caption="pic")
    on_photo = {"chat_id": CHAT, "message_id": photo["message_id"]}
    assert refused(api, "editMessageCaption", caption="pic", **on_photo) == NOT_MODIFIED
    again = {"photo": ("again.png", png(640, 480), "image/png")}  # same content, new file id
    media = {"type": "photo", "media": "attach://photo", "caption": "pic"}
    answer = call(api, "editMessageMedia", files=again, media=media, **on_photo)
    assert answer["description"] == NOT_MODIFIED
    assert ok(api, "deleteMessage", **on_photo) is True
    assert refused(api, "deleteMessage", **on_photo) == "Bad Request: message to delete not found"


def test_a_photo_is_uploaded_once_then_sent_by_file_id(api):
    first = upload(api)
    assert [(s["width"], s["height"]) for s in first["photo"]] == [(90, 68), (320, 240), (640, 480)]
    file_id, unique_id = first["photo"][-1]["file_id"], first["photo"][-1]["file_unique_id"]
    second = ok(api, "sendPhoto", chat_id=CHAT + 1, photo=file_id)
    assert second["photo"][-1]["file_unique_id"] == unique_id
    assert [(s["chat_id"], s["uploaded"]) for s in api.photo_sends] == [
        (CHAT, True),
        (CHAT + 1, False),
    ]
    assert [s["chat_id"] for s in api.uploads] == [CHAT]
    again = upload(api)["photo"][-1]
    assert again["file_id"] != file_id and again["file_unique_id"] == unique_id
    assert refused(api, "sendPhoto", chat_id=CHAT, photo="AgACunknown") == (
        "Bad Request: wrong file identifier/HTTP URL specified"
    )
    assert (
        refused(api, "sendPhoto", chat_id=CHAT) == "Bad Request: there is no photo in the request"
    )
    reply = {"method": "sendPhoto", "chat_id": CHAT + 2, "photo": file_id, "caption": "hi"}
    api.execute_reply("application/json", json.dumps(reply).encode())  # a webhook's answer
    assert api.chat(CHAT + 2).photo() == unique_id and api.uploads[-1]["chat_id"] == CHAT


def test_an_upload_telegram_cannot_read_as_a_photo_is_refused(api):
    for data, reason in [
        (b"<html>not an image</html>", "IMAGE_PROCESS_FAILED"),
        (png(200, 5), "PHOTO_INVALID_DIMENSIONS"),  # over 20 times wider than high
    ]:
        answer = call(api, "sendPhoto", files={"photo": ("x.png", data, "image/png")}, chat_id=CHAT)
        assert answer["description"] == f"Bad Request: {reason}"
    assert api.uploads == []


def test_python_telegram_bot_uploads_and_edits_media_as_multipart(api):
    async def steps(bot: Bot):
        text = await bot.send_message(CHAT, "<u>first</u>", parse_mode="HTML")
        picture = InputMediaPhoto(png(30, 20), caption="<b>second</b>", parse_mode="HTML")
        return await bot.edit_message_media(picture, chat_id=CHAT, message_id=text.message_id)

    edited = with_bot(api, steps)
    assert (edited.text, edited.caption, edited.photo[-1].width) == (None, "second", 30)
    assert api.chat(CHAT).entities() == [{"type": "bold", "offset": 0, "length": 6}]
    assert [s["method"] for s in api.uploads] == ["editMessageMedia"]


def test_inline_keyboards_keep_telegrams_button_rules(api):
    def keyboard(*buttons):
        return {"inline_keyboard": [list(buttons)]}

    docs = {"text": "Docs", "url": "https://Scikit-Learn.org"}
    both = {"text": "Both", "url": "https://example.com", "callback_data": "b"}
    message = send_html(
        api, "see", reply_markup=keyboard(docs, both, {"text": "", "callback_data": "x"})
    )
    assert message["reply_markup"] == keyboard(
        {"text": "Docs", "url": "https://scikit-learn.org/"},  # as Telegram spells it
        {"text": "Both", "url": "https://example.com/"},  # the URL wins; an empty label goes
    )
    chat = api.chat(CHAT)
    assert chat.links() == {"Docs": "https://scikit-learn.org/", "Both": "https://example.com/"}
    with pytest.raises(AssertionError, match="the bot gets nothing"):
        chat.press_update("Docs")
    bad_urls = {"ftp://x.org": "Unsupported URL protocol", "https://localhost": "Wrong HTTP URL"}
    for url, reason in bad_urls.items():
        go = keyboard({"text": "Go", "url": url})
        answer = refused(api, "sendMessage", chat_id=CHAT, text="t", reply_markup=go)
        assert answer == f"Bad Request: inline keyboard button URL '{url}' is invalid: {reason}"
    bare = refused(api, "sendMessage", chat_id=CHAT, text="t", reply_markup=keyboard({"text": "A"}))
    assert bare == (
        "Bad Request: can't parse inline keyboard button: "
        "Text buttons are unallowed in the inline keyboard"
    )
    long_data = keyboard({"text": "Long", "callback_data": "é" * 33})  # 66 bytes
    assert refused(api, "sendMessage", chat_id=CHAT, text="t", reply_markup=long_data) == (
        "Bad Request: BUTTON_DATA_INVALID"
    )
    assert send_html(api, "t", reply_markup=keyboard({"text": "Fits", "callback_data": "d" * 64}))


def test_a_force_reply_asks_for_a_reply_and_is_kept_out_of_the_message(api):
    ask = {"force_reply": True, "input_field_placeholder": "e.g. 120", "selective": True}
    question = send_html(api, "<b>How many samples?</b>", reply_markup=ask)
    assert not {"reply_markup", "force_reply"} & question.keys()  # the bot never sees it
    chat = api.chat(CHAT)
    assert chat.screen() == ("How many samples?", []) and chat.asked_for_reply(question)
    assert chat.force_reply() == {"force_reply": True, "input_field_placeholder": "e.g. 120"}
    empty = {"force_reply": True, "input_field_placeholder": ""}
    photo = upload(api, caption="and?", reply_markup=empty)
    assert chat.force_reply(photo) == {"force_reply": True}  # an empty placeholder is none
    ok(api, "sendMessage", chat_id=CHAT, text="no question", reply_markup={"force_reply": False})
    assert not chat.asked_for_reply() and chat.reply_target()["message_id"] == photo["message_id"]
    ask = ForceReply(input_field_placeholder="p" * 64)
    assert with_bot(api, lambda bot: bot.send_message(CHAT, "Size?", reply_markup=ask))
    assert chat.force_reply()["input_field_placeholder"] == "p" * 64


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ({"input_field_placeholder": "p" * 65}, "REPLY_MARKUP_INVALID"),
        ({"input_field_placeholder": "😀" * 33}, "REPLY_MARKUP_INVALID"),  # 66 UTF-16 units
        ({"force_reply": "yes"}, 'field "force_reply" must be of type Boolean'),
        ({"selective": 1}, 'field "selective" must be of type Boolean'),
        ({"input_field_placeholder": []}, 'field "input_field_placeholder" must be of type String'),
    ],
)
def test_a_force_reply_keeps_telegrams_field_rules(api, markup, reason):
    markup = {"force_reply": True, **markup}
    answer = refused(api, "sendMessage", chat_id=CHAT, text="q", reply_markup=markup)
    assert answer == f"Bad Request: {reason}"


def test_edits_take_only_an_inline_keyboard(api):
    question = send_html(api, "Size?", reply_markup={"force_reply": True})
    photo = upload(api, caption="pic")
    on_text = {"chat_id": CHAT, "message_id": question["message_id"]}
    on_photo = {"chat_id": CHAT, "message_id": photo["message_id"], "caption": "new"}
    media = {"type": "photo", "media": photo["photo"][-1]["file_id"]}
    edits = [("editMessageText", {"text": "New?", **on_text}), ("editMessageReplyMarkup", on_text)]
    edits += [("editMessageCaption", on_photo), ("editMessageMedia", {"media": media, **on_photo})]
    for markup in ({"force_reply": True}, {"remove_keyboard": True}):
        for method, params in edits:
            answer = refused(api, method, reply_markup=markup, **params)
            assert answer == "Bad Request: inline keyboard expected", method
    keyboard = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}
    assert ok(api, "editMessageReplyMarkup", reply_markup=keyboard, **on_text)
    assert not api.chat(CHAT).asked_for_reply(question)  # an edit's markup replaces the ForceReply


def test_a_reply_carries_the_bots_message_as_telegram_sends_it(api):
    bot = ok(api, "getMe")
    keyboard = {"inline_keyboard": [[{"text": "Docs", "url": "https://example.com"}]]}
    shown = send_html(api, "<i>see</i>", reply_markup=keyboard)
    question = send_html(api, "<b>Size?</b>", reply_markup={"force_reply": True})
    chat = api.chat(CHAT, "Ada")
    update = chat.message_update("120", reply_to=chat.reply_target())
    replied, chat_shown = update["message"]["reply_to_message"], update["message"]["chat"]
    assert replied == {**question, "chat": chat_shown} and question["from"] == bot  # no ForceReply
    assert (replied["text"], bot["is_bot"], chat_shown["first_name"]) == ("Size?", True, "Ada")
    assert chat.replied_message(shown)["reply_markup"] == shown["reply_markup"]
    in_ptb = Update.de_json(update, None).message.reply_to_message
    assert (in_ptb.from_user.id, in_ptb.from_user.is_bot, in_ptb.text) == (bot["id"], True, "Size?")
    ok(api, "deleteMessage", chat_id=CHAT, message_id=question["message_id"])
    assert "reply_to_message" not in chat.message_update("x", reply_to=question)["message"]
