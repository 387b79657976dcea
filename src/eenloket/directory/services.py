"""Writes to the directory."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Organisation, Team

OIN_PATTERN = re.compile(r"^\d{20}$")


@transaction.atomic
def organisation_create(*, name: str, kind: str, oin: str = "", actor: Actor) -> Organisation:
    """Add an organisation. The OIN, when given, is 20 digits and unique."""
    name = name.strip()
    if not name:
        raise DomainError(_("An organisation needs a name."), field="name")
    if kind not in Organisation.Kind.values:
        raise DomainError(_("Unknown kind of organisation: %s") % kind, field="kind")
    if oin and not OIN_PATTERN.match(oin):
        raise DomainError(_("An OIN has exactly 20 digits."), field="oin")
    if Organisation.objects.filter(name=name).exists():
        raise DomainError(_("An organisation with this name already exists."), field="name")
    return Organisation.objects.create(name=name, kind=kind, oin=oin)


@transaction.atomic
def team_create(*, organisation: Organisation, name: str, actor: Actor) -> Team:
    """Add a team to an organisation."""
    name = name.strip()
    if not name:
        raise DomainError(_("A team needs a name."), field="name")
    if Team.objects.filter(organisation=organisation, name=name).exists():
        raise DomainError(_("This organisation already has a team with this name."), field="name")
    return Team.objects.create(organisation=organisation, name=name)
