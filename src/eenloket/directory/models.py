"""The directory ("sociale kaart"). For now only organisations and their teams; the directory
issue adds services, schemes, direct lines, locations and life events."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel


class Organisation(BaseModel):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        NATIONAL_AGENCY = "national_agency", _("National government agency")
        HOUSING = "housing", _("Housing corporation")
        CARE_AND_WELFARE = "care_welfare", _("Care and welfare")
        LEGAL_AID = "legal_aid", _("Legal aid")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # Organisatie-identificatienummer: 20 digits, the key other government systems use.
    oin = models.CharField(_("OIN"), max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["oin"], condition=~models.Q(oin=""), name="organisation_oin_unique"
            )
        ]

    def __str__(self):
        return self.name


class Team(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation.name})"
