"""Persons: citizens and entrepreneurs. The intake issue adds BSN, contact details,
household, representation and channel preferences."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class Person(BaseModel):
    given_names = models.CharField(_("given names"), max_length=200)
    # Dutch surnames carry a prefix ("van der") that is sorted on the name after it.
    surname_prefix = models.CharField(_("surname prefix"), max_length=30, blank=True)
    surname = models.CharField(_("surname"), max_length=200)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["surname", "given_names"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.given_names, self.surname_prefix, self.surname) if part
        )
