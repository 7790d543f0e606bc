"""The old migrations' RunPython code (0008, 0015) reads these here until it is frozen
(issue 26); they are advisor.core.translations'. Nothing else imports this module."""

from advisor.core.translations import apply_shipped_translation, translated

__all__ = ["apply_shipped_translation", "translated"]
