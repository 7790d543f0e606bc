"""The Telegram adapter: the webhook view (``views``), one python-telegram-bot Application per
process on its own event-loop thread (``runtime``), the handlers (``handlers``), the answer held
for the webhook's response (``replies``), pictures sent once then by file_id (``photos``), each
update handled once and recorded (``updates``), reasons after "👎 No" (``reasons``), and the bot's
settings and their checks (``settings``, ``checks``).

Named ``chat``, not ``telegram``, so that it never reads as python-telegram-bot's own package."""
