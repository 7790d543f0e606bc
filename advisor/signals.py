"""Count an edit of a map's draft whenever one of its nodes or buttons changes.

A map's own saves count in ``Map.save``. The admin's pages cache the draft per process keyed
by this revision; a published version records it, so that "no unpublished changes" needs no
comparison while it matches.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from advisor.models import Button, Map, Node


def bump_map_version(**lookup) -> None:
    """Mark the map matching ``lookup`` as changed."""
    Map.objects.filter(**lookup).update(draft_revision=F("draft_revision") + 1)


@receiver([post_save, post_delete], sender=Node)
def node_changed(sender, instance, **kwargs):
    bump_map_version(pk=instance.map_id)


@receiver([post_save, post_delete], sender=Button)
def button_changed(sender, instance, **kwargs):
    bump_map_version(nodes=instance.node_id)
