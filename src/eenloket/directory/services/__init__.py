"""Writes to the directory: the only way in.

Every function is ``<thing>_<verb>(*, ..., actor)``, runs in one transaction, checks that the
actor may change the directory (an application manager, or a system job such as the reference
loader), validates with the rules in rules.py, saves only changed fields, writes one history
row per changed field (HSDS metadata), and rewrites the search document of what changed.
"""

from eenloket.directory.services._common import (
    CREATE,
    UPDATE,
)
from eenloket.directory.services.catalogue import (
    RELATIONS,
    scheme_create,
    service_create,
    service_update,
)
from eenloket.directory.services.direct_lines import (
    CONTACT_POINT_RELATIONS,
    contact_point_create,
    contact_point_set_capacity,
    contact_point_set_visibility,
    contact_point_update,
)
from eenloket.directory.services.organisations import (
    location_save,
    organisation_create,
    organisation_identifier_set,
    organisation_update,
    phone_save,
    team_create,
    team_update,
)
from eenloket.directory.services.vocabularies import (
    life_event_save,
    life_event_task_save,
    municipality_create,
    need_save,
    search_reindex,
    synonym_delete,
    synonym_save,
)

__all__ = [
    "CONTACT_POINT_RELATIONS",
    "CREATE",
    "RELATIONS",
    "UPDATE",
    "contact_point_create",
    "contact_point_set_capacity",
    "contact_point_set_visibility",
    "contact_point_update",
    "life_event_save",
    "life_event_task_save",
    "location_save",
    "municipality_create",
    "need_save",
    "organisation_create",
    "organisation_identifier_set",
    "organisation_update",
    "phone_save",
    "scheme_create",
    "search_reindex",
    "service_create",
    "service_update",
    "synonym_delete",
    "synonym_save",
    "team_create",
    "team_update",
]
