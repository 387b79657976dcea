"""Writes for persons."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.people.models import Person


@transaction.atomic
def person_create(
    *,
    given_names: str,
    surname: str,
    surname_prefix: str = "",
    birth_date: dt.date | None = None,
    actor: Actor,
) -> Person:
    """Register a person. A surname is required; a birth date may not lie in the future."""
    given_names, surname, surname_prefix = (
        given_names.strip(),
        surname.strip(),
        surname_prefix.strip(),
    )
    if not surname:
        raise DomainError(_("A person needs a surname."), field="surname")
    if birth_date is not None and birth_date > clock.today():
        raise DomainError(_("The date of birth lies in the future."), field="birth_date")
    person = Person(
        given_names=given_names,
        surname=surname,
        surname_prefix=surname_prefix,
        birth_date=birth_date,
    )
    person.save()
    return person
