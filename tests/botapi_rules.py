"""The Bot API's checks on texts, captions and inline keyboards, with Telegram's errors.

The rules and their words come from telegram-bot-api's Client.cpp (what the Bot API server
checks, and how it words TDLib's errors), TDLib (td/telegram/*.cpp), and the Telegram
server's own errors, which reach the bot as "Bad Request: UPPER_CASE_NAME".
"""

from tests.telegram_entities import TextError, normalize
from tests.telegram_html import HtmlError, parse_html, utf16_length
from tests.telegram_links import LinkError, check_link

TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024
CALLBACK_DATA_LIMIT = 64  # bytes
ROW_LIMIT, BUTTON_LIMIT = 12, 300  # TDLib keeps the first 12 of a row, 300 in all


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


def input_markup(params: dict) -> list | None:
    """The inline keyboard's rows of buttons as the Bot API reads ``reply_markup``
    (Client::get_reply_markup, Client::get_inline_keyboard_button_type)."""
    markup = params.get("reply_markup")
    if markup in (None, ""):
        return None
    if isinstance(markup, str):
        raise bad_request("Can't parse reply keyboard markup JSON object")
    if not isinstance(markup, dict):
        raise bad_request("Object expected as reply markup")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None  # other keyboards are not part of the Message
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
        )
    try:
        return [[_button(button) for button in row] for row in rows] or None
    except ValueError as error:
        raise bad_request(f"Can't parse inline keyboard button: {error}") from None


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


def kept_markup(rows: list | None) -> dict | None:
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
