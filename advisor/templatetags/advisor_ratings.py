"""The helpful rates in the admin's templates: a step's rating and the tint's legend."""

from django import template

from advisor.core.ratings import MIN_VOTES, Rating, tint

register = template.Library()


@register.filter
def rating_of(ratings: dict[int, Rating], step_id: int) -> Rating | None:
    """``ratings|rating_of:step.id``: the step's rating, if it has votes."""
    return ratings.get(step_id) if ratings else None


@register.inclusion_tag("admin/advisor/map/_ratings_legend.html")
def ratings_legend() -> dict:
    """The legend under a tinted diagram or outline: the scale of tints, and when it starts."""
    stops = ", ".join(f"{tint(tenth / 10)} {10 * tenth}%" for tenth in range(11))
    return {"min_votes": MIN_VOTES, "gradient": f"linear-gradient(to right, {stops})"}
