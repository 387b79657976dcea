"""Who looked at a person's data, in plain words (AVG art. 15): the processing log read for the
person themselves, at the desk with a worker or in Mijn overzicht (``logs.who_looked_for``,
``logs.who_looked_for_citizen`` log that read). Organisation and role, never a worker's name."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from eenloket.accounts.models import Role
from eenloket.audit.models import (
    AuditEntry,
    LegalBasis,
    ProcessingActivityVersion,
    ProcessingLogEntry,
)
from eenloket.audit.pseudonyms import person_pseudonym
from eenloket.audit.selectors import MAX_ROWS, OUTSIDE_REPRESENTATION
from eenloket.consent.categories import category_label
from eenloket.directory.models import Organisation


@dataclass(frozen=True)
class Access:
    """One access to a person's data, in plain words (for "who looked at my data")."""

    when: object
    organisation: str
    role: str
    what: list[str]
    why: str
    basis: str
    refused: bool
    own: bool = False  # the citizen themselves, reading their own overview


ROLE_LABELS = dict(Role.choices)


def who_looked(
    *,
    person_id,
    limit: int = MAX_ROWS,
    lines: QuerySet[ProcessingLogEntry] | None = None,
    audits: QuerySet[AuditEntry] | None = None,
) -> list[Access]:
    """Return every access to the person's data, newest first, as the citizen may see it.

    Organisation and role, never the worker's name; lines of activities the register marks
    confidential are left out. A fixed number of queries whatever the number of lines.
    ``lines`` and ``audits``: the logs as the policy point hands them out while a request is
    served (access/logs.py); by default the whole logs.
    """
    lines = ProcessingLogEntry.objects.all() if lines is None else lines
    audits = AuditEntry.objects.all() if audits is None else audits
    lines = list(
        lines.filter(data_subject_id=person_pseudonym(person_id))
        .order_by("-start_time", "-position")
        .only(
            "start_time",
            "status_code",
            "categories",
            "operation_id",
            "activity_version_id",
            "attributes",
        )[:limit]
    )
    versions = {
        version.pk: version
        for version in ProcessingActivityVersion.objects.filter(
            pk__in={line.activity_version_id for line in lines}
        )
    }
    audits = {
        entry.operation_id: entry
        for entry in audits.filter(operation_id__in={line.operation_id for line in lines}).only(
            "operation_id", "organisation_id", "role", "actor_kind"
        )
    }
    organisations = dict(
        Organisation.objects.filter(
            pk__in={a.organisation_id for a in audits.values() if a.organisation_id}
        ).values_list("pk", "name")
    )
    english = translation.get_language() == "en"
    accesses = []
    for line in lines:
        version = versions.get(line.activity_version_id)
        if version is None or version.confidential:
            continue
        audit = audits.get(line.operation_id)
        if audit is not None and audit.actor_kind == "citizen":
            # A citizen is refused only when they try another person's question.
            organisation = (
                _("Someone else logged in to their own overview")
                if line.status_code == "error"
                else _("You yourself, in your own overview")
            )
            role = ""
        elif audit is not None and audit.actor_kind == "representative":
            reason = (line.attributes or {}).get("eenloket.refusal_reason", "")
            if line.status_code != "error":
                organisation = _("Someone who may act for you (your representative), online")
            elif reason == OUTSIDE_REPRESENTATION:
                organisation = _("Your representative tried something they may not do for you")
            else:
                organisation = _("Someone else logged in to their own overview")
            role = ""
        elif audit is None or audit.actor_kind != "worker":
            organisation, role = _("eenloket itself (automatic)"), ""
        else:
            organisation = organisations.get(_uuid(audit.organisation_id), _("unknown"))
            role = str(ROLE_LABELS.get(audit.role, audit.role))
        basis = str(LegalBasis(version.legal_basis).label)
        if version.legal_reference:
            basis = f"{basis}: {version.legal_reference}"
        bases = (line.attributes or {}).get("eenloket.bases")
        if bases:
            basis = "; ".join(
                f"{category_label(category)}: {_basis_text(code, basis)}"
                for category, code in bases.items()
            )
        refused = line.status_code == "error"
        if refused:
            # A refused attempt had no basis: say so plainly, never name one.
            basis = _("None: this was not allowed, and nothing was shown")
        accesses.append(
            Access(
                when=line.start_time,
                organisation=organisation,
                role=role,
                what=[category_label(c) for c in line.categories],
                why=version.purpose_en if english else version.purpose_nl,
                basis=basis,
                refused=refused,
                own=audit is not None and audit.actor_kind == "citizen" and not refused,
            )
        )
    return accesses


def _basis_text(code: str, register_basis: str) -> str:
    """Say in plain words what made one category's processing lawful (see access/disclosure.py)."""
    kind, _sep, detail = code.partition(":")
    if kind == "consent":
        return _("your consent (AVG art. 6(1)(a))")
    if kind == "statute":
        return _("the law: %s") % detail
    if kind == "break_glass":
        return _("urgent access, checked afterwards by the privacy officer")
    if kind == "relation":
        return _("the organisation works on your question")
    return register_basis


def _uuid(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return value
