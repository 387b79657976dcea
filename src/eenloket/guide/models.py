"""The life-event guide of a case: when each life event happened, and what the worker did with
each thing that usually needs arranging (docs/guide.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class LifeEventDate(BaseModel):
    """The date a life event of the case happened (or will: turning 18); deadlines count
    from it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=32)  # a cases.vocabulary.LIFE_EVENTS key
    occurred_on = models.DateField(_("date of the event"))

    objects = GuardedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="life_event_date_unique")
        ]


class ItemState(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Arranged")
    NOT_APPLICABLE = "not_applicable", _("Does not apply")
    NEXT_STEP = "next_step", _("Made the next step")


class GuideItem(BaseModel):
    """What the worker did with one thing to arrange (a directory.LifeEventTask) for a case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey("directory.LifeEventTask", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=ItemState.choices, default=ItemState.OPEN)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=clock.now)

    objects = GuardedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "task"], name="guide_item_unique")]
