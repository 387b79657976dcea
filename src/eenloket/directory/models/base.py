"""Mixins for directory rows: texts in Dutch and English, and the source of a fact."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localised(obj, field: str) -> str:
    """Return ``field`` in the current language: ``<field>_en`` in English when it is filled,
    else the Dutch ``<field>`` (Dutch is always complete)."""
    if (get_language() or "nl").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


class Sourced(models.Model):
    """A fact in the directory: where it was found and when that was last checked.

    Reference content must have both (a test refuses any fact without them); rows that
    application managers add by hand may leave them empty until they are checked.
    """

    source_url = models.URLField(_("source"), max_length=500, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)

    class Meta:
        abstract = True
