"""Field names shared by the HSDS export and import."""

from __future__ import annotations

from uuid import UUID

from eenloket.directory import rules

HSDS_VERSION = "3.0"
NEEDS_TAXONOMY_ID = UUID("0190f5a0-0000-7000-8000-00000000e001")
LIFE_EVENTS_TAXONOMY_ID = UUID("0190f5a0-0000-7000-8000-00000000e002")

# HSDS field (or eenloket_ extension) → our field, per record type.
ORGANISATION_FIELDS = {
    "name": "name",
    "alternate_name": "alternate_name",
    "description": "description",
    "website": "website",
    "email": "email",
    "eenloket_key": "key",
    "eenloket_kind": "kind",
    "eenloket_oin": "oin",
    "eenloket_description_en": "description_en",
    "eenloket_municipality": "municipality",
    "eenloket_source_url": "source_url",
    "eenloket_checked_on": "checked_on",
}
SERVICE_FIELDS = {
    "name": "name",
    "alternate_name": "alternate_name",
    "description": "description",
    "url": "url",
    "email": "email",
    "status": "status",
    "application_process": "application_process",
    "eligibility_description": "eligibility_description",
    "minimum_age": "minimum_age",
    "maximum_age": "maximum_age",
    "fees_description": "fees_description",
    "assured_date": "assured_date",
    "eenloket_key": "key",
    "eenloket_name_en": "name_en",
    "eenloket_description_en": "description_en",
    "eenloket_application_process_en": "application_process_en",
    "eenloket_eligibility_description_en": "eligibility_description_en",
    "eenloket_keywords": "keywords",
    "eenloket_life_events": "life_events",
    "eenloket_needs": "needs",
    "eenloket_areas": "areas",
    "eenloket_source_url": "source_url",
    "eenloket_checked_on": "checked_on",
}
SCHEME_FIELDS = {f"eenloket_scheme_{name}": name for name in rules.SCHEME}
# Fields HSDS defines that we accept and ignore on import (exports do not write them).
IGNORED = {
    "id",
    "organization_id",
    "organization_identifiers",
    "phones",
    "locations",
    "contacts",
    "metadata",
    "attributes",
    "schedules",
    "service_areas",
    "service_at_locations",
    "organization",
    "languages",
    "funding",
    "programs",
    "program",
    "program_id",
    "cost_options",
    "required_documents",
    "last_modified",
    "record_type",
    "eenloket_scheme",
}
CSV_COLUMNS = [
    "record_type",
    "id",
    "organization_id",
    *dict.fromkeys([*ORGANISATION_FIELDS, *SERVICE_FIELDS, *SCHEME_FIELDS]),
    "eenloket_team",
    "eenloket_phone",
    "eenloket_topics",
    "eenloket_service_level_hours",
    "eenloket_capacity",
    "eenloket_expected_wait_days",
]
