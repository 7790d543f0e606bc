"""The advisor's core: a map's graph and what is worked out from it (the bot's screens, the
outline, the diagram, map checks, changes, undo, conflicts, formatted texts), in plain
Python. It imports no Django and nothing from advisor outside this package
(tests/test_import_rules.py checks)."""
