"""A Bot API stand-in: Telegram's side of the bot's HTTP calls, with Telegram's rules.

The test suite (tests/conftest.py) and the benchmark (bench/standin.py) both run it. It is
support code: production code (advisor, botapp, config) never imports it. The server and its
methods are in ``server``; messages, photos and a user's side of a chat in ``messages``,
``media`` and ``user``; Telegram's checks in ``rules``, with its HTML, entity and link parsers
(``telegram_html``, ``telegram_entities``, ``telegram_links``) ported from TDLib. Supergroups,
the bot's rights there and the limit on messages into a group are in ``groups``, forum topics
in ``topics``, copies in ``copies``; what people send (``incoming``) and a group's side
(``group_chat``) make the tests' updates.
"""
