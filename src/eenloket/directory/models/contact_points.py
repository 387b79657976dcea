"""Professional direct lines ("directe lijnen"): not public directory data.

HSDS leaves referrals and professionals out on purpose; these rows live in a private layer
beside the HSDS tables, are shown to logged-in workers only, and leave in an export only when
asked for (``--include-direct-lines``). Which workers see a line is set per line
(``visibility``, decision 0053) and decided in one place: ``access/direct_lines.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel
from eenloket.directory.models.base import localised
from eenloket.directory.models.organisations import Organisation, Team
from eenloket.directory.models.schemes import Scheme
from eenloket.directory.models.vocabulary import Municipality, Need


class CapacityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WAITING_LIST = "waiting_list", _("Waiting list")
    TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")


class LineVisibility(models.TextChoices):
    """Who may see a direct line besides its own organisation (decision 0053)."""

    ALL = "all", _("Every loket worker, of every organisation")
    ORGANISATIONS = "organisations", _("Its own organisation and the organisations named")
    TEAMS = "teams", _("Its own organisation and the teams named")


class ContactPoint(BaseModel):
    """A team's line for professionals: who to call or mail to hand a question over."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="contact_points")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Free words for search and for workers: the topics the line handles.
    topics = models.TextField(_("topics"), blank=True)
    needs = models.ManyToManyField(Need, blank=True, related_name="contact_points")
    schemes = models.ManyToManyField(Scheme, blank=True, related_name="contact_points")
    # The municipalities the line covers; none means the whole country.
    regions = models.ManyToManyField(Municipality, blank=True, related_name="contact_points")
    # Working hours within which a handover is accepted or declined by a person.
    service_level_hours = models.PositiveSmallIntegerField(_("service level (working hours)"))
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_contact_points",
    )
    capacity = models.CharField(
        _("capacity"), max_length=32, choices=CapacityStatus.choices, default=CapacityStatus.OPEN
    )
    expected_wait_days = models.PositiveSmallIntegerField(
        _("expected wait (days)"), null=True, blank=True
    )
    capacity_note = models.CharField(_("note on capacity"), max_length=300, blank=True)
    # Who finds, opens, chooses and reads the line (the owning organisation always does).
    visibility = models.CharField(
        _("who may see it"),
        max_length=16,
        choices=LineVisibility.choices,
        default=LineVisibility.ALL,
    )
    visible_to_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="visible_contact_points"
    )
    visible_to_teams = models.ManyToManyField(
        Team, blank=True, related_name="visible_contact_points"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="contact_point_name_unique"),
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="contact_point_reachable"
            ),
            models.CheckConstraint(
                condition=~Q(capacity="waiting_list") | Q(expected_wait_days__isnull=False),
                name="contact_point_waiting_list_has_wait",
            ),
            models.CheckConstraint(
                condition=Q(service_level_hours__gte=1), name="contact_point_service_level_set"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=LineVisibility.values),
                name="contact_point_visibility_known",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_description(self):
        return localised(self, "description")
