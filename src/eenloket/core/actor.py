"""Who is acting: the one object every service, selector and access check is given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eenloket.accounts.models import Membership, User


@dataclass(frozen=True)
class Actor:
    """A person or system acting in eenloket.

    A worker acts through one membership at a time (worker x organisation x team x role): the
    policy point decides on that membership, not on the worker's other ones. ``system`` actors
    are background jobs; they carry a name for the audit log and never a membership.
    """

    kind: str  # "worker", "citizen", "system", "anonymous"
    user: User | None = None
    membership: Membership | None = None
    system_name: str = ""
    via: str = "backoffice"  # the interface: backoffice, api, command, job, portal
    # A citizen logged in to their own overview: who, and how sure the login is (eIDAS level:
    # "basis", "substantieel", "hoog").
    person_id: Any = None
    assurance: str = ""
    # A representative logged in as themselves and acting for ``person_id`` (the represented
    # person) under this representation; the policy point checks its scope and period on
    # every read.
    representative_id: Any = None
    representation_id: Any = None
    # An entrepreneur logged in with eHerkenning: the broker's pseudonym of the person acting
    # for the company (never a BSN), so the log can tell two employees apart.
    acting: str = ""

    @classmethod
    def worker(cls, user: User, membership: Membership | None, *, via: str = "backoffice"):
        return cls(kind="worker", user=user, membership=membership, via=via)

    @classmethod
    def citizen(cls, person_id, *, assurance: str, acting: str = ""):
        return cls(
            kind="citizen", person_id=person_id, assurance=assurance, acting=acting, via="portal"
        )

    @classmethod
    def representative(
        cls, representative_id, *, represented_id, representation_id, assurance: str
    ):
        """A person logged in as themselves, acting for ``represented_id`` under a
        representation (whose scope and period the policy point checks on every read)."""
        return cls(
            kind="citizen",
            person_id=represented_id,
            assurance=assurance,
            via="portal",
            representative_id=representative_id,
            representation_id=representation_id,
        )

    @classmethod
    def system(cls, name: str):
        return cls(kind="system", system_name=name, via="job")

    @classmethod
    def anonymous(cls):
        return cls(kind="anonymous")

    @property
    def is_worker(self) -> bool:
        return self.kind == "worker" and self.user is not None

    @property
    def is_citizen(self) -> bool:
        return self.kind == "citizen" and self.person_id is not None

    @property
    def is_representative(self) -> bool:
        return self.is_citizen and self.representation_id is not None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    def describe(self) -> dict[str, Any]:
        """Return the facts the audit log keeps about this actor."""
        membership = self.membership
        return {
            "kind": "representative" if self.is_representative else self.kind,
            "user_id": str(self.user.pk) if self.user else None,
            "system": self.system_name or None,
            "membership_id": str(membership.pk) if membership else None,
            "organisation_id": str(membership.organisation_id) if membership else None,
            "team_id": str(membership.team_id) if membership and membership.team_id else None,
            "role": membership.role if membership else None,
            "via": self.via,
            **({"assurance": self.assurance} if self.kind == "citizen" else {}),
            **(
                {"representation_id": str(self.representation_id)} if self.is_representative else {}
            ),
            **({"acting": self.acting} if self.acting else {}),
        }
