"""What the policy point decides on besides the case relation: statutory bases for sharing with
a partner organisation, the citizen's consents, and break-glass access. See docs/privacy.md.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class StatutoryBasis(BaseModel):
    """A law lets ``recipient`` receive these categories of a person it helps, for a purpose:
    then consent is not asked (it is not the basis) and the basis is shown instead.

    E.g. the SVB receives the BSN for the AOW (Wabb art. 10; AOW art. 47).
    """

    recipient = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="statutory_bases"
    )
    categories = models.JSONField(_("categories"))
    purpose = models.CharField(_("purpose"), max_length=300)
    # The team purpose (directory/purposes.py) the law gives this for; blank: every team of
    # the recipient organisation (the meaning every basis had before decision 0039).
    team_purpose = models.CharField(_("team purpose"), max_length=32, blank=True)
    legal_reference = models.CharField(_("law and article"), max_length=300)
    source_url = models.URLField(_("source"), max_length=500)
    # The official page that was read and shows the article says this ("<address> — <quote>"),
    # and the day it was read; blank: not confirmed, and the screens say so (core/legal_sources).
    confirmed_by = models.CharField(_("official page read"), max_length=1000, blank=True)
    confirmed_on = models.DateField(_("read on"), null=True, blank=True)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["recipient__name", "valid_from"]

    def __str__(self):
        return f"{self.recipient}: {self.legal_reference}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_on is not None and bool(self.confirmed_by)


class ConsentState(models.TextChoices):
    REQUESTED = "requested", _("Asked, no answer yet")
    GIVEN = "given", _("Given")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RecordedVia(models.TextChoices):
    DESK = "desk", _("With a worker at the desk")
    PHONE = "phone", _("With a worker on the phone")
    HOME_VISIT = "home_visit", _("With a worker at home")
    PORTAL = "portal", _("By the citizen in Mijn overzicht")
    LETTER = "letter", _("In a signed letter")


class Consent(BaseModel):
    """The person (or a representative within scope) lets ``recipient`` see these categories
    or single items, for a purpose, from ``valid_from`` until ``valid_until``.

    ``items`` lists single things ("fact:<id>", "document:<id>") for a consent as narrow as
    "my name and the fine's reference". Special categories need ``explicit_special`` (asked
    separately and said yes to, AVG art. 9(2)(a)). Only ``given`` and current is a basis.
    """

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    recipient = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="consents"
    )
    # The team the citizen consented to (the narrow consent the law expects, decision 0039);
    # empty for a consent to the whole organisation (every consent made before).
    recipient_team = models.ForeignKey(
        "directory.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    categories = models.JSONField(_("categories"), default=list, blank=True)
    items = models.JSONField(_("single items"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    explicit_special = models.BooleanField(default=False)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"))
    state = models.CharField(
        max_length=16, choices=ConsentState.choices, default=ConsentState.REQUESTED
    )
    # Who decided: the person, or their representative (within scope, checked by the service).
    representation = models.ForeignKey(
        "people.Representation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_via = models.CharField(max_length=16, choices=RecordedVia.choices)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # withdrawn or expired
    ended_via = models.CharField(max_length=16, choices=RecordedVia.choices, blank=True)
    receipt_message = models.ForeignKey(
        "notifications.Message", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "recipient", "state"], name="consent_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="consent_period_valid",
            ),
        ]

    def __str__(self):
        return f"{self.recipient_name}: {', '.join(self.categories)} ({self.state})"

    @property
    def recipient_name(self) -> str:
        """The team and its organisation ("Schuldhulpverlening, Gemeente Utrecht"), or the
        organisation of a consent to all its teams."""
        team = self.recipient_team if self.recipient_team_id else None
        if team is not None:
            return f"{team.name}, {self.recipient.name}"
        return self.recipient.name

    def is_in_force(self, on=None) -> bool:
        on = on or clock.today()
        return self.state == ConsentState.GIVEN and self.valid_from <= on <= self.valid_until


class BreakGlassAccess(BaseModel):
    """Urgent access to a case outside the normal rules, for one worker, for a short time,
    with a reason. Always logged, and reviewed afterwards by the privacy officer."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    # The listed reason (consent/break_glass_reasons.py): it says which categories open.
    reason_code = models.CharField(max_length=32, blank=True)
    opened_at = models.DateTimeField(default=clock.now)
    # The normal end. Without a second worker's confirmation within the hour it ends then
    # (``confirm_before``; decision 0049); ``ended_at`` records when it was ended.
    expires_at = models.DateTimeField()
    confirm_before = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_finding = models.CharField(max_length=16, blank=True)  # justified / not_justified
    review_note = models.TextField(blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["user", "case", "expires_at"], name="break_glass_active")]

    def __str__(self):
        return f"break-glass {self.case_id} by {self.user_id}"
