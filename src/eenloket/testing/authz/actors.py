"""The matrix's actors (each one kind of person it asks about), and its entries: what one
route answers each actor."""

from __future__ import annotations

from dataclasses import dataclass, field

# The actors. Each is one kind of person the matrix asks about.
ANONYMOUS = "anonymous"
CITIZEN = "citizen"  # the person whose question the world is about
OTHER_CITIZEN = "other_citizen"  # someone else, with a question of their own
REP_IN_SCOPE = "representative_in_scope"  # acts for the citizen, in money matters
REP_OUT_OF_SCOPE = "representative_out_of_scope"  # acts for the citizen, in care matters only
FRONTLINE = "frontline_worker"  # in the team that owns the case
PARTNER_WITH_BASIS = "partner_with_basis"  # accepted a handover; the citizen consented
PARTNER_WITHOUT_BASIS = "partner_without_basis"  # another organisation, nothing shared
COORDINATOR = "coordinator"  # coordinates the owning team (and the case)
APP_MANAGER = "application_manager"
PRIVACY_OFFICER = "privacy_officer"
PROGRAMME_STAFF = "programme_staff"  # the programme's analysts: figures and signals, no cases
# Partner systems calling the API with a bearer token (#21): the UWV team's system (its team
# accepted the handover; every scope) and another organisation's (no direct lines scope).
API_PARTNER = "api_client_partner"
API_OTHER = "api_client_other_organisation"

ACTORS = (
    ANONYMOUS,
    CITIZEN,
    OTHER_CITIZEN,
    REP_IN_SCOPE,
    REP_OUT_OF_SCOPE,
    FRONTLINE,
    PARTNER_WITH_BASIS,
    PARTNER_WITHOUT_BASIS,
    COORDINATOR,
    APP_MANAGER,
    PRIVACY_OFFICER,
    PROGRAMME_STAFF,
    API_PARTNER,
    API_OTHER,
)
CITIZENS = frozenset({CITIZEN, OTHER_CITIZEN, REP_IN_SCOPE, REP_OUT_OF_SCOPE})
WORKERS = frozenset(
    {
        FRONTLINE,
        PARTNER_WITH_BASIS,
        PARTNER_WITHOUT_BASIS,
        COORDINATOR,
        APP_MANAGER,
        PRIVACY_OFFICER,
        PROGRAMME_STAFF,
    }
)
API_CLIENTS = frozenset({API_PARTNER, API_OTHER})
EVERYONE = frozenset(ACTORS)


@dataclass(frozen=True)
class Rule:
    """What one route answers each actor.

    ``allow``: the actors who get the page (or, for a write, a form answer: a redirect onward
    or the form again with errors); every other actor is refused: "not found" (404), 403, or
    sent to log in. ``method``: the request the matrix makes (a write is posted empty, so an
    allowed actor sees the form's errors and nothing changes that the next cell would see).
    ``logs_refusal``: a refused worker leaves a refused line in the processing log.
    ``ids``: for a URL part, the name of the world's id to use instead of the part's own name
    (``message_id`` means a portal message on one route and an outbox message on another).
    ``data``: for an API write, the JSON body posted (a valid one, so an allowed client gets
    the service's answer and a refused one the refusal, not a complaint about the body).
    ``form``: for a write whose object comes in the form instead of the URL, the form posted;
    a value ``"<name>"`` is the world's id of that name (``"<desk_id>"``).
    """

    allow: frozenset[str]
    method: str = "get"
    logs_refusal: bool = False
    note: str = ""
    ids: dict = field(default_factory=dict)
    data: dict | None = None
    form: dict | None = None


def rule(*allow, method="get", logs_refusal=False, note="", ids=None, data=None, form=None) -> Rule:
    """A matrix entry: ``allow`` lists actors or groups of actors; everyone else is refused."""
    names = set()
    for item in allow:
        names |= set(item) if isinstance(item, frozenset | set | tuple) else {item}
    unknown = names - EVERYONE
    assert not unknown, f"unknown actors {unknown}"
    assert method in ("get", "post"), method
    return Rule(frozenset(names), method, logs_refusal, note, ids or {}, data, form)
