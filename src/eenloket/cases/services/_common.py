"""What the case services share: checks, locking with the version check, saving."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from eenloket.accounts.models import User
from eenloket.cases import vocabulary
from eenloket.cases.models import (
    Case,
)
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.insights import capture


class ConcurrentEdit(DomainError):
    """Someone else saved the case after this worker opened it; nothing was overwritten."""

    def __init__(self, current: Case):
        self.current = current
        super().__init__(
            _(
                "Someone else changed this case while you were working on it. Your changes "
                "were not saved and nothing was overwritten. Below are the current values and "
                "what you entered: check them and save again."
            )
        )


def _check_text(**values) -> None:
    """Refuse text with NUL characters (PostgreSQL cannot store them; no person types them)."""
    for field, value in values.items():
        if isinstance(value, str) and "\x00" in value:
            raise DomainError(_("This text contains a character that is not allowed."), field=field)


def _check_vocabulary(life_events: Iterable[str], needs: Iterable[str]) -> None:
    unknown = [key for key in life_events if key not in vocabulary.LIFE_EVENTS]
    if unknown:
        raise DomainError(_("Unknown life event: %s") % ", ".join(unknown), field="life_events")
    unknown = [key for key in needs if key not in vocabulary.NEEDS]
    if unknown:
        raise DomainError(_("Unknown need: %s") % ", ".join(unknown), field="needs")


def _check_next_step(next_step: str, next_step_due: dt.date | None) -> None:
    if not (next_step or "").strip():
        raise DomainError(_("An open case needs a next step."), field="next_step")
    if next_step_due is None:
        raise DomainError(_("The next step needs a due date."), field="next_step_due")


def _user(actor: Actor) -> User | None:
    return actor.user if actor.is_worker else None


def _team_id(actor: Actor):
    return actor.membership.team_id if actor.membership else None


def _locked(case: Case, expected_version: int | None) -> Case:
    current = Case._base_manager.select_for_update().get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEdit(current)
    return current


def _save(case: Case, changed: list[str]) -> None:
    case.version += 1
    case.updated_at = clock.now()
    case.save(update_fields=[*changed, "version", "updated_at"])

    capture.case_changed(case)
