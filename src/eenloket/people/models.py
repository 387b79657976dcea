"""Persons (citizens and entrepreneurs), their households, representatives and channels.

The BSN is never stored in the clear: see people/bsn.py and docs/intake.md.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class Channel(models.TextChoices):
    DESK = "desk", _("Face to face at a desk")
    PHONE = "phone", _("Phone")
    HOME_VISIT = "home_visit", _("Home visit")
    PORTAL = "portal", _("Online portal")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    SMS = "sms", _("Text message (SMS)")


# Channels that others may see or hear (a shared mailbox, a phone on the kitchen table): the
# person decides whether these may carry more than "please contact us".
SHARED_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.LETTER, Channel.PHONE)


class AddressKind(models.TextChoices):
    UNKNOWN = "unknown", _("No address known")
    RESIDENTIAL = "residential", _("Residential address")
    POSTAL = "postal", _("Postal address at the municipality (briefadres)")


class AccessibilityNeed(models.TextChoices):
    EXPLAIN_LETTERS = "explain_letters", _("Explain letters in person")
    INTERPRETER = "interpreter", _("Interpreter")
    PLAIN_LANGUAGE = "plain_language", _("Plain language (B1) or simpler")
    SIGN_LANGUAGE = "sign_language", _("Sign language interpreter")
    LOW_VISION = "low_vision", _("Large print or read aloud")
    WHEELCHAIR = "wheelchair", _("Step-free access")
    COMPANION = "companion", _("Bring someone along")


class Person(BaseModel):
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    # Dutch surnames carry a prefix ("van der") that is sorted on the name after it.
    surname_prefix = models.CharField(_("surname prefix"), max_length=30, blank=True)
    surname = models.CharField(_("surname"), max_length=200)
    # The name at birth (geslachtsnaam), when the person uses another (e.g. a partner's).
    birth_surname_prefix = models.CharField(_("birth surname prefix"), max_length=30, blank=True)
    birth_surname = models.CharField(_("birth surname"), max_length=200, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # Normalised for duplicate warnings and exact-name search (people/names.py).
    surname_key = models.CharField(max_length=200, blank=True, db_index=True)
    birth_surname_key = models.CharField(max_length=200, blank=True, db_index=True)
    given_key = models.CharField(max_length=100, blank=True)

    # BSN: encrypted with the field keys, found by keyed hash (people/bsn.py).
    bsn_encrypted = models.TextField(blank=True, default="")
    bsn_hash = models.CharField(max_length=64, blank=True, default="")
    kvk_number = models.CharField(_("KVK number"), max_length=8, blank=True, db_index=True)

    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address_kind = models.CharField(
        _("address"), max_length=16, choices=AddressKind.choices, default=AddressKind.UNKNOWN
    )
    street_and_number = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=35, default="nl")
    accessibility_needs = models.JSONField(_("accessibility needs"), default=list, blank=True)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)

    # Channel preferences: wanted channels in order, refused ones, and whether channels
    # others may see (shared mailbox, SMS) may carry details or only "please contact us".
    channels_preferred = models.JSONField(_("preferred channels"), default=list, blank=True)
    channels_refused = models.JSONField(_("refused channels"), default=list, blank=True)
    shared_channels_may_carry_detail = models.BooleanField(default=False)
    # Besides the order above: "also tell me by e-mail / SMS when there is news in Mijn
    # overzicht" — a short notice with no content (NEWS_ALSO_CHANNELS).
    news_also_by = models.JSONField(_("also tell me about news by"), default=list, blank=True)

    # After a merge the duplicate stays (history, logs point to it) and points to the survivor.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    merged_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["surname_key", "given_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["bsn_hash"],
                condition=~Q(bsn_hash="") & Q(merged_into__isnull=True),
                name="person_bsn_unique",
            ),
            models.CheckConstraint(
                condition=Q(kvk_number="") | Q(kvk_number__regex=r"^[0-9]{8}$"),
                name="person_kvk_8_digits",
            ),
            models.CheckConstraint(
                condition=(Q(bsn_hash="") & Q(bsn_encrypted=""))
                | (~Q(bsn_hash="") & ~Q(bsn_encrypted="")),
                name="person_bsn_hash_with_value",
            ),
        ]
        indexes = [models.Index(fields=["bsn_hash"], name="person_bsn_hash")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.given_names, self.surname_prefix, self.surname) if part
        )

    @property
    def birth_name(self) -> str:
        return " ".join(part for part in (self.birth_surname_prefix, self.birth_surname) if part)

    @property
    def has_bsn(self) -> bool:
        return bool(self.bsn_hash)

    def message_contact(self) -> dict:
        """Return the contact details a message to this person may use: e-mail, phone and,
        when letters can reach them, the address lines of a letter."""
        contact = {"email": self.email, "phone": self.phone}
        if self.has_letter_address:
            contact["postal_address"] = [
                self.full_name,
                self.street_and_number,
                f"{self.postal_code}  {self.city}".strip(),
            ]
        return contact

    @property
    def has_letter_address(self) -> bool:
        """Tell whether letters can reach the person (a residential or postal address)."""
        return self.address_kind != AddressKind.UNKNOWN and bool(
            self.street_and_number and self.postal_code
        )


class HouseholdRelation(models.TextChoices):
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other member of the household")


class HouseholdMember(BaseModel):
    """Someone who lives with the person, from ``since`` until ``until`` (open: still does)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household")
    member = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="member_of")
    relation = models.CharField(_("relation"), max_length=16, choices=HouseholdRelation.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["relation", "since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True)
                | Q(since__isnull=True)
                | Q(until__gte=models.F("since")),
                name="household_period_valid",
            ),
            models.CheckConstraint(
                condition=~Q(person=models.F("member")), name="household_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.get_relation_display()}: {self.member}"

    def is_current(self, on=None) -> bool:
        on = on or clock.today()
        return (self.since is None or self.since <= on) and (self.until is None or on <= self.until)


class RepresentationKind(models.TextChoices):
    FAMILY = "family", _("Family member")
    INFORMAL_CARER = "informal_carer", _("Informal carer (mantelzorger)")
    ADMINISTRATOR = "administrator", _("Court-appointed administrator (bewindvoerder)")
    MENTOR = "mentor", _("Court-appointed mentor or guardian")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    OTHER = "other", _("Other trusted person")


class RepresentationBasis(models.TextChoices):
    WRITTEN_AUTHORISATION = "written_authorisation", _("Written authorisation, seen by the worker")
    COURT_DECISION = "court_decision", _("Court decision")
    IN_PERSON = "in_person", _("Said by the person, in person, to the worker")
    DIGID_MACHTIGEN = "digid_machtigen", _("DigiD Machtigen (later)")


class Matter(models.TextChoices):
    ALL = "all", _("All matters")
    FINANCIAL = "financial", _("Money, benefits and debts")
    HOUSING = "housing", _("Housing")
    CARE = "care", _("Care and health")
    WORK = "work", _("Work and income")
    ADMINISTRATION = "administration", _("Post and paperwork")


# Which matters a case's needs belong to (cases/vocabulary.py NEEDS): a representative for
# "money" acts on a question about income or debts, not on one about care. A need that is in
# no matter here ("legal_help") is covered only by "all matters" or by a representation for
# that one case.
MATTERS_OF_NEED = {
    "income": {Matter.FINANCIAL, Matter.WORK},
    "debt_help": {Matter.FINANCIAL},
    "understand_letters": {Matter.ADMINISTRATION},
    "digital_help": {Matter.ADMINISTRATION},
    "housing": {Matter.HOUSING},
    "care": {Matter.CARE},
    "work": {Matter.WORK},
}


class Representation(BaseModel):
    """A person (the representative) acting for another (the represented), within a scope and a
    period, established in a recorded way. ``case`` narrows the scope to one case."""

    represented = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="representations"
    )
    representative = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="represents")
    kind = models.CharField(_("kind"), max_length=24, choices=RepresentationKind.choices)
    matters = models.JSONField(_("matters"), default=list)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    basis = models.CharField(
        _("established by"), max_length=24, choices=RepresentationBasis.choices
    )
    basis_note = models.CharField(_("about the evidence"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="representation_period_valid",
            ),
            models.CheckConstraint(
                condition=~Q(represented=models.F("representative")),
                name="representation_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.representative} → {self.represented}"

    def is_current(self, on=None) -> bool:
        on = on or clock.today()
        if self.ended_at is not None:
            return False
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    @property
    def matters_display(self) -> str:
        """The matters in words, in the current language ("Money, benefits and debts")."""
        labels = dict(Matter.choices)
        return ", ".join(str(labels.get(m, m)) for m in self.matters)

    def covers(self, case, on=None) -> bool:
        """Tell whether the representative may act on ``case`` today: the representation is
        current, is for this person, and its scope takes in the case (the one case it names,
        or every case for "all matters", or a case with a need in one of its matters)."""
        if case.person_id != self.represented_id or not self.is_current(on):
            return False
        if self.case_id is not None:
            return case.pk == self.case_id
        if Matter.ALL in self.matters:
            return True
        return any(set(self.matters) & MATTERS_OF_NEED.get(need, set()) for need in case.needs)
