"""The step and map pages' saves and deletes, counted as the editorial actions count theirs.

Those pages still save through the admin's own ``save_model`` (issue 26 moves them into
actions); until then this mixin counts their edits of the draft with the actions' one
counter (advisor.actions.base ``count_draft_edit``), after the save, so no cache of the
draft keeps showing what was there before.
"""

from advisor.actions.base import count_draft_edit
from advisor.models import Node


def map_of(obj):
    return obj.map if isinstance(obj, Node) else obj


class CountsDraftEdits:
    """For a model admin of the map's draft: every save and delete counts an edit."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        count_draft_edit(map_of(form.instance))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        count_draft_edit(map_of(obj))

    def delete_queryset(self, request, queryset):
        maps = {map_of(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        for map_obj in maps:
            count_draft_edit(map_obj)
