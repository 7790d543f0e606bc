"""Pictures of steps, kept in the database (Heroku's disk is wiped at every restart), each
stored once under the SHA-256 of its bytes however many drafts and versions use it."""

from django.db import models
from django.utils import timezone


class Picture(models.Model):
    """An image a step shows above its message, checked as Telegram accepts photos
    (advisor.pictures). Versions name it by ``sha256``; it is deleted only when nothing
    uses it (``pruneversions``)."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    data = models.BinaryField()
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.width}×{self.height} {self.content_type} {self.sha256[:12]}"
