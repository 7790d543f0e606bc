"""The Bot API's checks on texts, captions and reply markup (inline keyboards, ForceReply),
with Telegram's errors.

The rules and their words come from telegram-bot-api's Client.cpp (what the Bot API server
checks, and how it words TDLib's errors), TDLib (td/telegram/*.cpp), and the Telegram
server's own errors, which reach the bot as "Bad Request: UPPER_CASE_NAME".
"""

import json

from botapi_standin.telegram_entities import TextError, normalize
from botapi_standin.telegram_html import HtmlError, parse_html, utf16_length
from botapi_standin.telegram_links import LinkError, check_link

TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024
CALLBACK_DATA_LIMIT = 64  # bytes
ROW_LIMIT, BUTTON_LIMIT = 12, 300  # TDLib keeps the first 12 of a row, 300 in all
PLACEHOLDER_LIMIT = 64  # a ForceReply's input_field_placeholder, in characters

#: The Boolean fields of every markup, all read before the kind is chosen.
BOOLEAN_FIELDS = (
    "hide_keyboard",
    "remove_keyboard",
    "personal_keyboard",
    "selective",
    "force_reply_keyboard",
    "force_reply",
)


class ApiError(Exception):
    """A Bot API error answer: its HTTP code, description and ``parameters``."""

    def __init__(self, code: int, description: str, **extra):
        super().__init__(description)
        self.code, self.description, self.extra = code, description, extra


def bad_request(message: str) -> ApiError:
    """A 400 worded as the Bot API words an error (Client::fail_query_with_error): the
    first letter lowercased unless the message is an UPPER_CASE server error."""
    if not (message[1:2] == "_" or message[1:2].isupper()):
        message = message[0].lower() + message[1:]
    return ApiError(400, f"Bad Request: {message}")


def parse_text(raw: str, parse_mode: str | None, entities, context: str = "") -> tuple:
    """The text and entities a method's text or caption parameter makes, before TDLib fixes
    them (Client::get_formatted_text); ``context`` names the object it is in."""
    if len(raw.encode("utf-8", "surrogatepass")) > 1 << 15:
        raise bad_request(f"{context}Text is too long")
    mode = (parse_mode or "").lower()
    if not raw or mode in ("", "none"):
        return raw, [dict(e) for e in entities] if isinstance(entities, list) else []
    if mode in ("markdown", "markdownv2"):
        raise ApiError(501, f"Not Implemented: the stand-in does not parse {parse_mode}")
    if mode != "html":
        raise bad_request(f"{context}Unsupported parse_mode")
    try:
        return parse_html(raw)
    except HtmlError as error:
        raise bad_request(f"{context}Can't parse entities: {error}") from None


def input_text(params: dict) -> tuple:
    """sendMessage's and editMessageText's ``text``, parsed."""
    if not params.get("text"):
        raise bad_request("Message text is empty")
    return parse_text(params["text"], params.get("parse_mode"), params.get("entities"))


def input_caption(params: dict, context: str = "") -> tuple:
    """A ``caption`` (of a method or an InputMedia), parsed."""
    entities = params.get("caption_entities")
    return parse_text(params.get("caption") or "", params.get("parse_mode"), entities, context)


def kept_text(parsed: tuple, too_long: str) -> tuple[str, list]:
    """A message text as Telegram keeps it: TDLib's fixes, then the length limit (counted
    here in UTF-16 code units; TDLib's own check counts code points)."""
    try:
        text, entities = normalize(*parsed, allow_empty=False)
    except TextError as error:
        raise bad_request(str(error)) from None
    if utf16_length(text) > TEXT_LIMIT:
        raise bad_request(too_long)
    return text, entities


def kept_caption(parsed: tuple, too_long: str) -> tuple[str, list]:
    """A caption as Telegram keeps it (it may be empty)."""
    try:
        text, entities = normalize(*parsed, allow_empty=True)
    except TextError as error:
        raise bad_request(str(error)) from None
    if utf16_length(text) > CAPTION_LIMIT:
        raise bad_request(too_long)
    return text, entities


def input_markup(params: dict) -> dict | None:
    """``reply_markup`` as the Bot API reads it (Client::get_reply_markup): None, or one
    markup of {"inline_keyboard": rows}, {"force_reply": True, "input_field_placeholder": ...},
    {"keyboard": rows} or {"remove_keyboard": True}, in that order of precedence."""
    markup = params.get("reply_markup")
    if markup in (None, ""):
        return None
    if isinstance(markup, str):
        raise bad_request("Can't parse reply keyboard markup JSON object")
    if not isinstance(markup, dict):
        raise bad_request("Object expected as reply markup")
    keyboard = _rows(markup, "keyboard", 'Field "keyboard" must be an Array of Arrays')
    rows = _rows(
        markup,
        "inline_keyboard",
        'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
    )
    try:
        rows = [[_button(button) for button in row] for row in rows]
    except ValueError as error:
        raise bad_request(f"Can't parse inline keyboard button: {error}") from None
    flags = {name: _flag(markup, name) for name in BOOLEAN_FIELDS}
    placeholder = _placeholder(markup)
    if keyboard:
        return {"keyboard": keyboard}  # its buttons are not checked: the bot sends none
    if rows:
        return {"inline_keyboard": rows}
    if flags["hide_keyboard"] or flags["remove_keyboard"]:
        return {"remove_keyboard": True}
    if flags["force_reply"] or flags["force_reply_keyboard"]:
        # "selective" is dropped in private chats (TDLib's allow_personal), the only ones here.
        return {"force_reply": True, "input_field_placeholder": placeholder}
    return None


def _rows(markup: dict, name: str, not_rows: str) -> list:
    """A keyboard's rows (td::JsonObject::extract_optional_field, then the rows' check)."""
    if name not in markup:
        return []
    rows = markup[name]
    if not isinstance(rows, list):
        raise bad_request(f'Field "{name}" must be of type Array')
    if not all(isinstance(row, list) for row in rows):
        raise bad_request(not_rows)
    return rows


def _flag(markup: dict, name: str) -> bool:
    """An optional Boolean field (td::JsonObject::get_optional_bool_field)."""
    value = markup.get(name, False)
    if not isinstance(value, bool):
        raise bad_request(f'Field "{name}" must be of type Boolean')
    return value


def _placeholder(markup: dict) -> str:
    """``input_field_placeholder`` (td::JsonObject::get_optional_string_field: a number is
    taken as its text)."""
    value = markup.get("input_field_placeholder", "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return json.dumps(value)
    if not isinstance(value, str):
        raise bad_request('Field "input_field_placeholder" must be of type String')
    return value


def _button(button) -> dict:
    if not isinstance(button, dict):
        raise ValueError("InlineKeyboardButton must be an Object")
    if "text" not in button:
        raise ValueError('Can\'t find field "text"')
    if not isinstance(button["text"], str):
        raise ValueError('Field "text" must be of type String')
    for kind in ("url", "callback_data"):  # the first one given wins; "" is not given
        if button.get(kind):
            return {"text": button["text"], kind: str(button[kind])}
    if any(kind in button for kind in ("callback_game", "pay", "login_url", "web_app")) or any(
        kind.startswith("switch_inline_query") or kind == "copy_text" for kind in button
    ):
        raise ApiError(501, "Not Implemented: the stand-in has only URL and callback buttons")
    raise ValueError("Text buttons are unallowed in the inline keyboard")


def kept_markup(markup: dict | None, only_inline: bool = False) -> dict:
    """What the message keeps of a parsed ``reply_markup``: {"reply_markup": its inline
    keyboard} or {"force_reply": the ForceReply}, or nothing. Edits (``only_inline``) take
    only an inline keyboard (TDLib's get_inline_reply_markup)."""
    if markup is None:
        return {}
    if only_inline and "inline_keyboard" not in markup:
        raise bad_request("Inline keyboard expected")
    if "force_reply" in markup:
        return {"force_reply": kept_force_reply(markup)}
    if "inline_keyboard" not in markup:
        return {}  # a reply keyboard or its removal changes the user's keyboard, not the message
    keyboard = kept_keyboard(markup["inline_keyboard"])
    return {"reply_markup": keyboard} if keyboard else {}


def kept_force_reply(markup: dict) -> dict:
    """A ForceReply as Telegram keeps it: TDLib sends an empty placeholder as none; the server
    takes 1-64 characters (counted here in UTF-16 code units, as the text limits are). Its
    error for a longer one is not documented: the server's generic one for a bad markup."""
    placeholder = markup["input_field_placeholder"]
    if utf16_length(placeholder) > PLACEHOLDER_LIMIT:
        raise bad_request("REPLY_MARKUP_INVALID")
    return {
        "force_reply": True,
        **({"input_field_placeholder": placeholder} if placeholder else {}),
    }


def kept_keyboard(rows: list) -> dict | None:
    """The inline keyboard as Telegram keeps it (TDLib's get_reply_markup and the server's
    check of callback data), or None for no keyboard."""
    kept, count = [], 0
    for row in rows or []:
        buttons = []
        for button in row:
            if not button["text"]:
                continue  # TDLib drops a button without text
            if "url" in button:
                try:
                    button = {"text": button["text"], "url": check_link(button["url"])}
                except LinkError as error:
                    raise bad_request(f"Inline keyboard button {error}") from None
            buttons.append(button)
            count += 1
            if len(buttons) >= ROW_LIMIT or count >= BUTTON_LIMIT:
                break
        if buttons:
            kept.append(buttons)
        if count >= BUTTON_LIMIT:
            break
    for button in (b for row in kept for b in row if "callback_data" in b):
        if len(button["callback_data"].encode()) > CALLBACK_DATA_LIMIT:
            raise bad_request("BUTTON_DATA_INVALID")
    return {"inline_keyboard": kept} if kept else None
