"""What every directory write shares: the maintainer check, saving only changed fields with one
history row each, and resolving vocabulary keys."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import history
from eenloket.directory.models import (
    ChangeRecord,
    Municipality,
)

CREATE, UPDATE = ChangeRecord.Action.CREATE, ChangeRecord.Action.UPDATE


def _require_maintainer(actor: Actor) -> None:
    if not capabilities.may_maintain_directory(actor):
        raise DomainError(_("Only application managers may change the directory."))


def _by_keys(model, keys: Sequence[str], *, label: str, attribute: str = "key") -> list[Model]:
    found = {
        getattr(row, attribute): row for row in model.objects.filter(**{f"{attribute}__in": keys})
    }
    missing = [key for key in keys if key not in found]
    if missing:
        raise DomainError(
            _("Unknown %(what)s: %(keys)s") % {"what": label, "keys": ", ".join(missing)}
        )
    return [found[key] for key in keys]


def _municipality(code: str | None) -> Municipality | None:
    if not code:
        return None
    return _by_keys(Municipality, [code], label=_("municipality"), attribute="code")[0]


def _apply(instance: Model, values: Mapping[str, Any], *, actor: Actor, created: bool) -> bool:
    """Set plain field values, save the changed ones, and record the history. Return whether
    anything changed."""
    changes = {}
    for name, value in values.items():
        if created:
            setattr(instance, name, value)
            if value not in ("", None, False):
                changes[name] = (None, value)
            continue
        before = getattr(instance, name)
        if before != value:
            changes[name] = (before, value)
            setattr(instance, name, value)
    if created:
        instance.save()
    elif changes:
        instance.updated_at = clock.now()
        instance.save(update_fields=[*changes, "updated_at"])
    if changes:
        history.record(
            resource=instance, action=CREATE if created else UPDATE, changes=changes, actor=actor
        )
    return bool(changes)


def _set_many(instance: Model, name: str, rows: Iterable[Model], *, actor: Actor) -> bool:
    """Replace a many-to-many field and record it as one field change."""
    manager = getattr(instance, name)
    before = sorted(history.as_text(row) for row in manager.all())
    rows = list(rows)
    after = sorted(history.as_text(row) for row in rows)
    if before == after:
        return False
    manager.set(rows)
    history.record(resource=instance, action=UPDATE, changes={name: (before, after)}, actor=actor)
    return True
