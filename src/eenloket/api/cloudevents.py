"""Events as CloudEvents 1.0 (NL GOV profile): the source as an OIN URN, a reverse-DNS type, a
thin payload with a ``dataref`` and no personal data. The feed (``v1/events.py``) and the
webhooks (``webhooks.py``) send the same shape, from ``team_feed``: a team's handover events
and, for a client that follows referrals, what happened to the referrals its team sent."""

from __future__ import annotations

from collections.abc import Iterable

from eenloket.access import api as rules
from eenloket.core.actor import Actor

TYPE_PREFIX = "nl.eenloket.handover."
REFERRAL_TYPE_PREFIX = "nl.eenloket.referral."


def _organisation_urn(team) -> str:
    if team.organisation.oin:
        return f"urn:nld:oin:{team.organisation.oin}"
    return f"urn:nld:eenloket:organisation:{team.organisation_id}"


def source(event) -> str:
    """Who caused it: the organisation's OIN as a URN (NL GOV profile), else eenloket itself
    (an escalation is the system's)."""
    team = event.by_team
    if team is None:
        return "urn:nld:eenloket"
    return _organisation_urn(team)


def cloud_event(event, team_id) -> dict:
    """The CloudEvent of a ``HandoverEvent`` as the team ``team_id`` sees it."""
    handover = event.handover
    kind = "escalated" if event.kind == "escalated" else event.target
    return {
        "specversion": "1.0",
        "id": event.pk,
        "source": source(event),
        "type": TYPE_PREFIX + kind,
        "time": event.created_at,
        "subject": str(handover.pk),
        "datacontenttype": "application/json",
        "dataref": f"/api/v1/handovers/{handover.pk}",
        "data": {
            "handover_id": handover.pk,
            "state": handover.state,
            "direction": "incoming" if handover.to_team_id == team_id else "outgoing",
        },
    }


def referral_cloud_event(event, state: str) -> dict:
    """The CloudEvent of a ``ReferralEvent`` for its sender: which referral, what happened
    (``taken_up``, ``closed``, ``answered``) and its state as the sender may know it
    (``access.api.released_referral_state``); the source is the receiving municipality."""
    referral = event.referral
    return {
        "specversion": "1.0",
        "id": event.pk,
        "source": _organisation_urn(event.by_team),
        "type": REFERRAL_TYPE_PREFIX + event.kind,
        "time": event.created_at,
        "subject": str(referral.pk),
        "datacontenttype": "application/json",
        "dataref": f"/api/v1/referrals/{referral.pk}",
        "data": {"referral_id": referral.pk, "kind": referral.kind, "state": state},
    }


def team_feed(actor: Actor, granted: Iterable[str], *, after=None, limit: int = 100) -> list:
    """The client's events after ``after``, oldest first, at most ``limit``: ``(id, event)``.
    Handover events with ``handovers.read``, referral events with ``referrals.write``; both
    kinds have time-ordered ids, so one cursor serves both."""
    granted = set(granted)
    team_id = actor.membership.team_id if actor.membership is not None else None
    found = []
    if rules.HANDOVERS_READ.name in granted:
        events = rules.handover_events(actor, after=after, limit=limit)
        found += [(e.pk, cloud_event(e, team_id)) for e in events]
    if rules.REFERRALS_WRITE.name in granted:
        events = rules.referral_events(actor, after=after, limit=limit)
        found += [(e.pk, referral_cloud_event(e, state)) for e, state in events]
    found.sort(key=lambda pair: pair[0])
    return found[:limit]
