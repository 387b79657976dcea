"""The public directory tables of Open Referral HSDS 3.0: service, location, address,
accessibility, service at location, contact, phone, schedule, service area, taxonomy,
taxonomy term and attribute. Names follow HSDS where they can (docs/directory.md)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel
from eenloket.directory.models.base import Sourced, localised
from eenloket.directory.models.organisations import Organisation
from eenloket.directory.models.vocabulary import LifeEvent, Municipality, Need


class Service(Sourced, BaseModel):
    """Something an organisation does for people (HSDS service). A scheme extends it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        DEFUNCT = "defunct", _("Defunct")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services"
    )
    key = models.SlugField(_("key"), max_length=64, blank=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    url = models.URLField(_("web page"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.ACTIVE
    )
    application_process = models.TextField(_("how to apply"), blank=True)
    application_process_en = models.TextField(_("how to apply (English)"), blank=True)
    eligibility_description = models.TextField(_("who it is for"), blank=True)
    eligibility_description_en = models.TextField(_("who it is for (English)"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    fees_description = models.TextField(_("costs"), blank=True)
    assured_date = models.DateField(_("assured on"), null=True, blank=True)
    # Everyday words people use for this service ("toeslag voor de huur"), for search.
    keywords = models.TextField(_("search words"), blank=True)
    life_events = models.ManyToManyField(LifeEvent, blank=True, related_name="services")
    needs = models.ManyToManyField(Need, blank=True, related_name="services")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="service_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return localised(self, "name")

    @property
    def display_description(self):
        return localised(self, "description")

    @property
    def display_application_process(self):
        return localised(self, "application_process")

    @property
    def display_eligibility(self):
        return localised(self, "eligibility_description")


class Location(Sourced, BaseModel):
    """Where an organisation works: a desk (physical), a postal address, or a website."""

    class Type(models.TextChoices):
        PHYSICAL = "physical", _("Walk-in desk")
        POSTAL = "postal", _("Postal address")
        VIRTUAL = "virtual", _("Online")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations", null=True, blank=True
    )
    location_type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="locations"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(location_type="virtual") | ~Q(url=""),
                name="location_virtual_has_url",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def display_description(self):
        return localised(self, "description")


class Address(BaseModel):
    """A street or postal address of a location (HSDS address)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    address_type = models.CharField(
        _("type"), max_length=16, choices=Location.Type.choices, default=Location.Type.PHYSICAL
    )
    attention = models.CharField(_("for the attention of"), max_length=200, blank=True)
    address_1 = models.CharField(_("street and number"), max_length=200)
    address_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=16)
    city = models.CharField(_("place"), max_length=100)
    state_province = models.CharField(_("province"), max_length=100)
    country = models.CharField(_("country"), max_length=2, default="NL")

    class Meta:
        ordering = ["address_type"]

    def __str__(self):
        return f"{self.address_1}, {self.postal_code} {self.city}"


class Accessibility(BaseModel):
    """How accessible a location is (HSDS accessibility): step-free access, a hearing loop…"""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(_("description"))
    description_en = models.TextField(_("description (English)"), blank=True)
    details = models.TextField(_("details"), blank=True)
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "accessibility"

    def __str__(self):
        return self.description

    @property
    def display_description(self):
        return localised(self, "description")


class ServiceAtLocation(BaseModel):
    """A service offered at a location (HSDS service_at_location)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services_at")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_at_location_once")
        ]

    def __str__(self):
        return f"{self.service} @ {self.location}"


class Contact(BaseModel):
    """A public contact of an organisation, service or location: a department, never a person."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    def __str__(self):
        return self.name or self.department


class Phone(Sourced, BaseModel):
    """A public phone number (HSDS phone). Direct lines keep their number on ContactPoint."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=32)
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(_("type"), max_length=16, default="voice")
    description = models.CharField(_("description"), max_length=300, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.number

    @property
    def display_description(self):
        return localised(self, "description")


DAY_NAMES = {
    "MO": _("Monday"),
    "TU": _("Tuesday"),
    "WE": _("Wednesday"),
    "TH": _("Thursday"),
    "FR": _("Friday"),
    "SA": _("Saturday"),
    "SU": _("Sunday"),
}


class Schedule(BaseModel):
    """Opening hours as iCal recurrence fields (HSDS schedule): weekly on ``byday`` (MO,TU…)
    from ``opens_at`` to ``closes_at``, local time in Europe/Amsterdam."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("Weekly")
        MONTHLY = "MONTHLY", _("Monthly")

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    contact_point = models.ForeignKey(
        "directory.ContactPoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    freq = models.CharField(max_length=8, choices=Freq.choices, default=Freq.WEEKLY)
    byday = models.CharField(_("days"), max_length=40)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["byday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="schedule_opens_before_close"
            )
        ]

    def __str__(self):
        return f"{self.byday} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    @property
    def days_display(self) -> str:
        """The days in words, in the current language ("Monday, Tuesday")."""
        return ", ".join(str(DAY_NAMES.get(day, day)) for day in self.byday.split(","))


class ServiceArea(BaseModel):
    """Where a service is available (HSDS service_area). A service without areas is national."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=32, blank=True)

    def __str__(self):
        return self.name


class Taxonomy(BaseModel):
    """A vocabulary used to tag services (HSDS taxonomy), e.g. eenloket's needs."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"))
    uri = models.URLField(max_length=500, blank=True)
    version = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"

    def __str__(self):
        return self.name


class TaxonomyTerm(BaseModel):
    """A term of a taxonomy (HSDS taxonomy_term)."""

    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    language = models.CharField(max_length=8, default="nl")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="taxonomy_term_code_unique")
        ]

    def __str__(self):
        return self.name


class Attribute(BaseModel):
    """A taxonomy term attached to a row of any table (HSDS attribute): how audiences and
    eligibility are tagged since HSDS 3.0."""

    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    link_entity = models.CharField(max_length=32)  # service, organization, location…
    link_id = models.UUIDField()
    link_type = models.CharField(max_length=64, blank=True)
    value = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["link_entity", "link_id"], name="attribute_link_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["taxonomy_term", "link_entity", "link_id"], name="attribute_once"
            )
        ]

    def __str__(self):
        return f"{self.link_entity}:{self.link_id} {self.taxonomy_term}"
