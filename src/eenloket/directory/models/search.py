"""The search index of the directory: one document per scheme, organisation and direct line,
the words it knows (for spelling correction) and the synonyms application managers keep.

The documents are derived data: services rebuild a document in the same transaction as the
change to its source row (see search.py).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        SCHEME = "scheme", _("Scheme")
        SERVICE = "service", _("Service")
        ORGANISATION = "organisation", _("Organisation")
        CONTACT_POINT = "contact_point", _("Direct line")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.UUIDField()
    key = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    # Direct lines are for logged-in workers only.
    public = models.BooleanField(default=True)
    # The analysed words per weight (A: name, B: search words and topics, C: the rest), each
    # as " word word " so that a LIKE '% word%' finds a word or a word that starts with it.
    terms_a = models.TextField(blank=True)
    terms_b = models.TextField(blank=True)
    terms_c = models.TextField(blank=True)
    # All of the above in one, to find candidates with one condition per word.
    terms = models.TextField(blank=True)
    # The texts PostgreSQL analyses with its 'dutch' configuration (compounds split already).
    text_a = models.TextField(blank=True)
    text_b = models.TextField(blank=True)
    text_c = models.TextField(blank=True)
    # Filters as " le:<key> need:<key> kind:<kind> muni:<code> " (muni:* for nationwide).
    facets = models.TextField(blank=True)
    # Filled on PostgreSQL only (to_tsvector('dutch', …)); unused on SQLite.
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once")
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class SearchTerm(models.Model):
    """A word that occurs in the directory, so a misspelt query word can be corrected to it."""

    word = models.CharField(max_length=64, unique=True)
    first = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["first", "length"], name="search_term_shape_idx")]

    def __str__(self):
        return self.word


class SearchSynonym(BaseModel):
    """Words that mean the same to the people who search ("kan de huur niet betalen" →
    "huurachterstand schulden"). Application managers keep these through the services."""

    term = models.CharField(_("word or phrase"), max_length=100, unique=True)
    # The term with every word stemmed, so "schuld" also fires for "schulden".
    stemmed = models.CharField(max_length=100, db_index=True, default="")
    expansions = models.CharField(_("also search for"), max_length=300)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {self.expansions}"
