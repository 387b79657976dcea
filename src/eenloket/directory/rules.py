"""The field rules of each directory thing (see validation.py for what each kind means)."""

from django.utils.translation import gettext_lazy as _

from eenloket.directory.models import (
    CapacityStatus,
    Location,
    Organisation,
    OrganisationIdentifier,
    Service,
    TermUnit,
)
from eenloket.directory.validation import Rule

TERM_NEEDS_UNIT = _("A decision term needs both a number and a unit (days, working days or weeks).")

SOURCE = {
    "source_url": Rule("url", max_length=500, label=_("Source")),
    "checked_on": Rule("date", label=_("Checked on")),
}

ORGANISATION = {
    "key": Rule("slug", max_length=64, label=_("Key")),
    "name": Rule("text", required=True, max_length=200, label=_("Name")),
    "alternate_name": Rule("text", max_length=200, label=_("Alternate name")),
    "kind": Rule("choice", required=True, choices=tuple(Organisation.Kind.values), label=_("Kind")),
    "oin": Rule("oin", label=_("OIN")),
    "description": Rule("text", label=_("Description")),
    "description_en": Rule("text", label=_("Description (English)")),
    "website": Rule("url", max_length=500, label=_("Website")),
    "email": Rule("email", label=_("E-mail")),
    "municipality": Rule("code", label=_("Municipality")),
    **SOURCE,
}

IDENTIFIER = {
    "identifier_type": Rule(
        "choice",
        required=True,
        choices=tuple(OrganisationIdentifier.Type.values),
        label=_("Identifier type"),
    ),
    "identifier": Rule("text", required=True, max_length=100, label=_("Identifier")),
    "identifier_scheme": Rule("text", max_length=100, label=_("Identifier scheme")),
}

SERVICE = {
    "key": Rule("slug", max_length=64, label=_("Key")),
    "name": Rule("text", required=True, max_length=200, label=_("Name")),
    "name_en": Rule("text", max_length=200, label=_("Name (English)")),
    "alternate_name": Rule("text", max_length=200, label=_("Alternate name")),
    "description": Rule("text", label=_("Description")),
    "description_en": Rule("text", label=_("Description (English)")),
    "url": Rule("url", max_length=500, label=_("Web page")),
    "email": Rule("email", label=_("E-mail")),
    "status": Rule("choice", choices=tuple(Service.Status.values), label=_("Status")),
    "application_process": Rule("text", label=_("How to apply")),
    "application_process_en": Rule("text", label=_("How to apply (English)")),
    "eligibility_description": Rule("text", label=_("Who it is for")),
    "eligibility_description_en": Rule("text", label=_("Who it is for (English)")),
    "minimum_age": Rule("int", minimum=0, maximum=130, label=_("Minimum age")),
    "maximum_age": Rule("int", minimum=0, maximum=130, label=_("Maximum age")),
    "fees_description": Rule("text", label=_("Costs")),
    "assured_date": Rule("date", label=_("Assured on")),
    "keywords": Rule("text", label=_("Search words")),
    "life_events": Rule("keys", label=_("Life events")),
    "needs": Rule("keys", label=_("Needs")),
    "areas": Rule("keys", label=_("Service areas")),
    **SOURCE,
}

SCHEME = {
    "gives": Rule("text", required=True, label=_("What it gives")),
    "gives_en": Rule("text", label=_("What it gives (English)")),
    "decision_term": Rule("int", minimum=1, maximum=520, label=_("Decision term")),
    "decision_term_unit": Rule(
        "choice", choices=tuple(TermUnit.values), label=_("Unit of the decision term")
    ),
    "decision_term_start": Rule("text", max_length=300, label=_("The term starts")),
    "decision_term_start_en": Rule("text", max_length=300, label=_("The term starts (English)")),
    "legal_source": Rule("text", max_length=300, label=_("Legal source")),
    "legal_source_url": Rule("url", max_length=500, label=_("Legal source (link)")),
    "acts_by_itself": Rule("bool", label=_("Acts by itself")),
    "acts_by_itself_note": Rule("text", max_length=300, label=_("What it does by itself")),
    "acts_by_itself_note_en": Rule(
        "text", max_length=300, label=_("What it does by itself (English)")
    ),
}

LOCATION = {
    "name": Rule("text", required=True, max_length=200, label=_("Name")),
    "location_type": Rule(
        "choice", required=True, choices=tuple(Location.Type.values), label=_("Type")
    ),
    "description": Rule("text", label=_("Description")),
    "description_en": Rule("text", label=_("Description (English)")),
    "url": Rule("url", max_length=500, label=_("Web address")),
    "municipality": Rule("code", label=_("Municipality")),
    **SOURCE,
}

ADDRESS = {
    "address_1": Rule("text", required=True, max_length=200, label=_("Street and number")),
    "postal_code": Rule("postcode", required=True, label=_("Postcode")),
    "city": Rule("text", required=True, max_length=100, label=_("Place")),
    "state_province": Rule("text", required=True, max_length=100, label=_("Province")),
    "address_type": Rule("choice", choices=("physical", "postal"), label=_("Type of address")),
}

SCHEDULE = {
    "byday": Rule("byday", required=True, label=_("Days")),
    "opens_at": Rule("time", required=True, label=_("Opens at")),
    "closes_at": Rule("time", required=True, label=_("Closes at")),
    "description": Rule("text", max_length=300, label=_("Description")),
}

PHONE = {
    "number": Rule("phone", required=True, label=_("Phone number")),
    "description": Rule("text", max_length=300, label=_("Description")),
    "description_en": Rule("text", max_length=300, label=_("Description (English)")),
    **SOURCE,
}

CONTACT_POINT = {
    "name": Rule("text", required=True, max_length=200, label=_("Name")),
    "description": Rule("text", label=_("Description")),
    "description_en": Rule("text", label=_("Description (English)")),
    "phone": Rule("phone", label=_("Phone")),
    "email": Rule("email", label=_("E-mail")),
    "topics": Rule("text", label=_("Topics")),
    "needs": Rule("keys", label=_("Needs")),
    "schemes": Rule("keys", label=_("Schemes")),
    "regions": Rule("keys", label=_("Regions")),
    "service_level_hours": Rule(
        "int", required=True, minimum=1, maximum=400, label=_("Service level (working hours)")
    ),
    "capacity": Rule("choice", choices=tuple(CapacityStatus.values), label=_("Capacity")),
    "expected_wait_days": Rule("int", minimum=0, maximum=365, label=_("Expected wait (days)")),
    "capacity_note": Rule("text", max_length=300, label=_("Note on capacity")),
}

LIFE_EVENT = {
    "key": Rule("slug", required=True, max_length=64, label=_("Key")),
    "name": Rule("text", required=True, max_length=200, label=_("Name")),
    "name_en": Rule("text", required=True, max_length=200, label=_("Name (English)")),
    "description": Rule("text", label=_("Description")),
    "description_en": Rule("text", label=_("Description (English)")),
    "position": Rule("int", minimum=0, maximum=1000, label=_("Position")),
    **SOURCE,
}

NEED = {
    "key": Rule("slug", required=True, max_length=64, label=_("Key")),
    "name": Rule("text", required=True, max_length=200, label=_("Name")),
    "name_en": Rule("text", required=True, max_length=200, label=_("Name (English)")),
    "position": Rule("int", minimum=0, maximum=1000, label=_("Position")),
}

LIFE_EVENT_TASK = {
    "position": Rule("int", required=True, minimum=0, maximum=1000, label=_("Position")),
    "title": Rule("text", required=True, max_length=300, label=_("What to arrange")),
    "title_en": Rule("text", max_length=300, label=_("What to arrange (English)")),
    "description": Rule("text", label=_("Description")),
    "description_en": Rule("text", label=_("Description (English)")),
    "organisation": Rule("slug", required=True, label=_("Organisation")),
    "scheme": Rule("slug", label=_("Scheme")),
    "deadline": Rule("text", max_length=300, label=_("Deadline")),
    "deadline_en": Rule("text", max_length=300, label=_("Deadline (English)")),
    "deadline_days": Rule("int", minimum=0, maximum=3650, label=_("Deadline in days")),
    "acts_by_itself": Rule("bool", label=_("Acts by itself")),
    **SOURCE,
}

SYNONYM = {
    "term": Rule("text", required=True, max_length=100, label=_("Word or phrase")),
    "expansions": Rule("text", required=True, max_length=300, label=_("Also search for")),
    "note": Rule("text", max_length=300, label=_("Note")),
}
