"""Shared vocabularies: life events, needs and municipalities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel
from eenloket.directory.models.base import Sourced, localised


class LifeEvent(Sourced, BaseModel):
    """A life event ("levensgebeurtenis") such as losing your job or the death of a partner."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return localised(self, "name")

    @property
    def display_description(self):
        return localised(self, "description")


class Need(BaseModel):
    """A need ("hulpvraag") such as income, housing or debts: what a person needs help with."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return localised(self, "name")


class Municipality(BaseModel):
    """A Dutch municipality, by its CBS code (4 digits, e.g. 0344 for Utrecht)."""

    code = models.CharField(_("CBS code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "municipalities"

    def __str__(self):
        return self.name
