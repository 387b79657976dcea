"""Field-level change history of the directory (HSDS metadata)."""

from django.db import models

from eenloket.core import clock
from eenloket.core.ids import uuid7


class ChangeRecord(models.Model):
    """One field of one directory row changed: from what, to what, when and by whom.

    Append-only: services write it in the same transaction as the change.
    """

    class Action(models.TextChoices):
        CREATE = "create", "create"
        UPDATE = "update", "update"
        DELETE = "delete", "delete"

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    resource_type = models.CharField(max_length=64)
    resource_id = models.UUIDField()
    field_name = models.CharField(max_length=64)
    previous_value = models.TextField(blank=True)
    replacement_value = models.TextField(blank=True)
    last_action_type = models.CharField(max_length=8, choices=Action.choices)
    last_action_date = models.DateTimeField(default=clock.now)
    updated_by = models.CharField(max_length=200)

    class Meta:
        ordering = ["last_action_date", "id"]
        indexes = [
            models.Index(fields=["resource_type", "resource_id"], name="change_resource_idx")
        ]

    def __str__(self):
        return f"{self.resource_type}.{self.field_name} {self.last_action_type}"
