from django.db import models

from eenloket.core import clock
from eenloket.core.ids import uuid7


class BaseModel(models.Model):
    """A row with a time-ordered UUID and when it was created and last changed."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        abstract = True
