"""Conversations handed to a person: the team's Telegram group, its topics, and the outbox of
copies a worker sends in order (docs/handoff.md)."""
