"""Schemes ("regelingen") and what usually needs arranging after a life event."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel
from eenloket.directory.models.base import Sourced, localised
from eenloket.directory.models.hsds import Service
from eenloket.directory.models.organisations import Organisation
from eenloket.directory.models.vocabulary import LifeEvent


class TermUnit(models.TextChoices):
    DAYS = "days", _("days")
    WORKING_DAYS = "working_days", _("working days")
    WEEKS = "weeks", _("weeks")


class Scheme(BaseModel):
    """A benefit, allowance, arrangement or service of an organisation, as a government scheme:
    what it gives, for whom, how to apply and how long a decision may take.

    It extends one HSDS service (the public part: name, description, eligibility, ages).
    """

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="scheme")
    gives = models.TextField(_("what it gives"))
    gives_en = models.TextField(_("what it gives (English)"), blank=True)
    decision_term = models.PositiveSmallIntegerField(_("decision term"), null=True, blank=True)
    decision_term_unit = models.CharField(
        _("unit of the decision term"), max_length=16, choices=TermUnit.choices, blank=True
    )
    decision_term_start = models.CharField(_("the term starts"), max_length=300, blank=True)
    decision_term_start_en = models.CharField(
        _("the term starts (English)"), max_length=300, blank=True
    )
    legal_source = models.CharField(_("legal source"), max_length=300, blank=True)
    legal_source_url = models.URLField(_("legal source (link)"), max_length=500, blank=True)
    # The organisation acts without a request, e.g. the SVB moves AOW to the single rate
    # after a partner's death: the person need not apply, but should check it happened.
    acts_by_itself = models.BooleanField(_("acts by itself"), default=False)
    acts_by_itself_note = models.CharField(_("what it does by itself"), max_length=300, blank=True)
    acts_by_itself_note_en = models.CharField(
        _("what it does by itself (English)"), max_length=300, blank=True
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision_term__isnull=True) & Q(decision_term_unit=""))
                | (Q(decision_term__isnull=False) & ~Q(decision_term_unit="")),
                name="scheme_term_has_unit",
            )
        ]

    def __str__(self):
        return str(self.service)

    @property
    def display_gives(self):
        return localised(self, "gives")

    @property
    def display_decision_term_start(self):
        return localised(self, "decision_term_start")

    @property
    def display_acts_by_itself_note(self):
        return localised(self, "acts_by_itself_note")


class LifeEventTask(Sourced, BaseModel):
    """What usually needs arranging after a life event, with which organisation, by when."""

    life_event = models.ForeignKey(LifeEvent, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("what to arrange"), max_length=300)
    title_en = models.CharField(_("what to arrange (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="life_event_tasks"
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="life_event_tasks"
    )
    deadline = models.CharField(_("deadline"), max_length=300, blank=True)
    deadline_en = models.CharField(_("deadline (English)"), max_length=300, blank=True)
    # The deadline in days after the life event, where a rule gives one (None: no fixed term).
    deadline_days = models.PositiveSmallIntegerField(_("deadline in days"), null=True, blank=True)
    acts_by_itself = models.BooleanField(_("acts by itself"), default=False)

    class Meta:
        ordering = ["life_event", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["life_event", "position"], name="life_event_task_position_unique"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self):
        return localised(self, "title")

    @property
    def display_description(self):
        return localised(self, "description")

    @property
    def display_deadline(self):
        return localised(self, "deadline")
