"""The directory ("sociale kaart"), aligned with Open Referral HSDS 3.0 and extended for
government: schemes ("regelingen"), professional direct lines, life events and needs.

See docs/directory.md for the mapping to HSDS tables.
"""

from eenloket.directory.models.contact_points import (
    CapacityStatus,
    ContactPoint,
    LineVisibility,
)
from eenloket.directory.models.history import ChangeRecord
from eenloket.directory.models.hsds import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from eenloket.directory.models.organisations import Organisation, OrganisationIdentifier, Team
from eenloket.directory.models.schemes import LifeEventTask, Scheme, TermUnit
from eenloket.directory.models.search import SearchDocument, SearchSynonym, SearchTerm
from eenloket.directory.models.vocabulary import LifeEvent, Municipality, Need

__all__ = [
    "Accessibility",
    "Address",
    "Attribute",
    "CapacityStatus",
    "ChangeRecord",
    "Contact",
    "ContactPoint",
    "LifeEvent",
    "LifeEventTask",
    "LineVisibility",
    "Location",
    "Municipality",
    "Need",
    "Organisation",
    "OrganisationIdentifier",
    "Phone",
    "Schedule",
    "Scheme",
    "SearchDocument",
    "SearchSynonym",
    "SearchTerm",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "Taxonomy",
    "TaxonomyTerm",
    "Team",
    "TermUnit",
]
