"""Organisations (HSDS organization), their identifiers (OIN, KVK) and their teams."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel
from eenloket.directory import purposes
from eenloket.directory.models.base import Sourced, localised
from eenloket.directory.models.vocabulary import Municipality


class Organisation(Sourced, BaseModel):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        NATIONAL_AGENCY = "national_agency", _("National government agency")
        HOUSING = "housing", _("Housing corporation")
        CARE_AND_WELFARE = "care_welfare", _("Care and welfare")
        LEGAL_AID = "legal_aid", _("Legal aid")
        DEBT_HELP = "debt_help", _("Debt help")
        INDEPENDENT = "independent", _("Independent body")
        OTHER = "other", _("Other")

    # A stable key for reference content and links (e.g. "uwv"); empty for hand-made rows.
    key = models.SlugField(_("key"), max_length=64, blank=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # Organisatie-identificatienummer: 20 digits, the key other government systems use.
    oin = models.CharField(_("OIN"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # For a municipality (or a local organisation): where it works.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["oin"], condition=~models.Q(oin=""), name="organisation_oin_unique"
            ),
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="organisation_key_unique"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_description(self):
        return localised(self, "description")


class OrganisationIdentifier(BaseModel):
    """An identifier of an organisation in some register (HSDS organization_identifier)."""

    class Type(models.TextChoices):
        KVK = "KVK", _("Chamber of Commerce number (KVK)")
        RSIN = "RSIN", _("RSIN")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="identifiers"
    )
    identifier_scheme = models.CharField(_("scheme"), max_length=100, blank=True)
    identifier_type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    identifier = models.CharField(_("identifier"), max_length=100)

    class Meta:
        ordering = ["identifier_type", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_type", "identifier"], name="organisation_identifier_unique"
            )
        ]

    def __str__(self):
        return f"{self.identifier_type} {self.identifier}"


class Team(BaseModel):
    """A team of an organisation, working for one purpose (``directory/purposes.py``): the
    task, its legal ground and the categories it needs, which bound what the team sees of a
    case (decision 0039)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    purpose = models.CharField(
        _("purpose"), max_length=32, choices=purposes.CHOICES, default=purposes.INTAKE
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation.name})"

    @property
    def purpose_definition(self) -> purposes.Purpose:
        return purposes.purpose_of(self.purpose)
