"""Small maps for the editing tests, written as {key: (kind, [(label, target key), ...])}."""

from advisor.loading import load_draft
from advisor.mapfile import import_map
from advisor.models import Map

Q, R, D = "question", "recommendation", "dead_end"


def make_map(steps: dict, start: str | None = None, slug: str = "tiny") -> Map:
    """A map of the given steps, starting at ``start`` (by default the first one)."""
    imported = import_map(
        {
            "slug": slug,
            "title": slug.capitalize(),
            "start": start or next(iter(steps)),
            "nodes": [
                {
                    "key": key,
                    "kind": kind,
                    "text": f"Step {key}?",
                    "buttons": [{"label": label, "target": target} for label, target in buttons],
                }
                for key, (kind, buttons) in steps.items()
            ],
        }
    )
    return Map.objects.get(pk=imported.pk)


def graph_of(map_obj: Map):
    return load_draft(map_obj.pk)
