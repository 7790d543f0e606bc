"""The old migrations' RunPython code (0015) reads the map's default words here until it is
frozen (issue 26); they are advisor.core.texts'. Nothing else imports this module."""

from advisor.core.texts import MAP_DEFAULTS

__all__ = ["MAP_DEFAULTS"]
