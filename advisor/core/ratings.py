"""How helpful each recommendation was to the users who answered "Was this helpful?", for the
diagram and the outline to tint. Pure: the votes come from a source another app sets when
it starts (botapp counts them; advisor never imports botapp); without one, no step is rated.
"""

import colorsys
from collections.abc import Callable
from dataclasses import dataclass

#: A recommendation is tinted once this many users answered (all time, every language).
MIN_VOTES = 10
#: The tint's hue at a helpful rate of 0, 0.5 and 1: red, amber, green (blended between).
HUES = ((0.0, 0), (0.5, 40), (1.0, 120))
#: Light tints, for dark words on them.
LIGHTNESS, SATURATION = 0.78, 0.65

#: A map's id → per step id, its 👍 and 👎 (net of changed votes).
Source = Callable[[int], dict[int, tuple[int, int]]]
_source: Source | None = None


@dataclass(frozen=True)
class Rating:
    helpful: int
    not_helpful: int

    @property
    def votes(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def rate(self) -> float | None:
        """The share of the votes that said 👍 Yes (None without votes)."""
        return self.helpful / self.votes if self.votes else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(100 * self.rate)

    @property
    def tinted(self) -> bool:
        return self.votes >= MIN_VOTES

    @property
    def colour(self) -> str | None:
        """The tint (None until MIN_VOTES)."""
        return tint(self.rate) if self.tinted else None

    @property
    def summary(self) -> str:
        """The figures on hover, e.g. "Helpful for 12 of 15 who answered (80 %)"."""
        if not self.tinted:
            votes = f"{self.votes} vote{'' if self.votes == 1 else 's'}"
            return f"{votes} so far: tinted from {MIN_VOTES}"
        return f"Helpful for {self.helpful} of {self.votes} who answered ({self.percent} %)"


def tint(rate: float) -> str:
    """The colour of a helpful rate, "#rrggbb", on the scale of HUES."""
    (low, start), (high, end) = next(
        (a, b) for a, b in zip(HUES, HUES[1:], strict=False) if rate <= b[0]
    )
    hue = start + (end - start) * (rate - low) / (high - low)
    rgb = colorsys.hls_to_rgb(hue / 360, LIGHTNESS, SATURATION)
    return "#" + bytes(round(255 * channel) for channel in rgb).hex()


def set_source(source: Source | None) -> None:
    """Where ratings_of reads the votes (None: nowhere)."""
    global _source
    _source = source


def ratings_of(map_id: int) -> dict[int, Rating]:
    """The rating of each of the map's steps that has votes, by step id."""
    if _source is None:
        return {}
    ratings = {
        node_id: Rating(max(0, helpful), max(0, not_helpful))
        for node_id, (helpful, not_helpful) in _source(map_id).items()
    }
    return {node_id: rating for node_id, rating in ratings.items() if rating.votes}
