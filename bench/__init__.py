"""The webhook benchmark: ours (gunicorn, map in PostgreSQL) against the tutorial's design
(python-telegram-bot's run_webhook, map in memory). Run it with ``python -m bench``."""
