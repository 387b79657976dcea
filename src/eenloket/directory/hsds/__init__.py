"""Import and export of the directory as Open Referral HSDS 3.0 (JSON) and as one flat CSV.

JSON: ``{"hsds_version": "3.0", "organizations": [...], "services": [...], ...}``, where each
organization and service is an HSDS 3.0 object (validated against the standard's schemas in
the tests). What HSDS has no field for travels in properties starting with ``eenloket_``
(a scheme's decision term, life events, needs, the source of a fact).

CSV: one file, one row per record, a ``record_type`` column (organization, service or
direct_line) and the HSDS field names as columns (docs/directory.md lists them).

An import reads and checks the whole file first and reports every bad record with its line
and the reason; only a file without any error is applied, in one transaction, through the
services. Direct lines leave only with ``include_direct_lines`` and are never imported.
"""

from eenloket.directory.hsds.export import (
    export_csv,
    export_data,
    export_file,
    service_detail,
    service_page,
)
from eenloket.directory.hsds.fields import HSDS_VERSION
from eenloket.directory.hsds.importing import (
    ImportRefused,
    ImportResult,
    Problem,
    import_file,
    import_text,
)

__all__ = [
    "HSDS_VERSION",
    "ImportRefused",
    "ImportResult",
    "Problem",
    "export_csv",
    "export_data",
    "export_file",
    "import_file",
    "import_text",
    "service_detail",
    "service_page",
]
