"""A handover event as a CloudEvent 1.0 (NL GOV profile): the source as an OIN URN, a
reverse-DNS type, a thin payload with a ``dataref`` and no personal data. The feed
(``v1/events.py``) and the webhooks (``webhooks.py``) send the same shape."""

from __future__ import annotations

TYPE_PREFIX = "nl.eenloket.handover."


def source(event) -> str:
    """Who caused it: the organisation's OIN as a URN (NL GOV profile), else eenloket itself
    (an escalation is the system's)."""
    team = event.by_team
    if team is None:
        return "urn:nld:eenloket"
    if team.organisation.oin:
        return f"urn:nld:oin:{team.organisation.oin}"
    return f"urn:nld:eenloket:organisation:{team.organisation_id}"


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
