"""The web adapter: a map's chat as a web page (``/chat/<short name>/``), from the same live
version and the same screens as the Telegram bot (advisor.conversation), with its votes and
reasons. It imports nothing of Telegram nor of the other packages of botapp, of botapp only
its records and the client address (docs/web.md)."""
