"""What the sender of a referral hears about it (decision 0047, addendum "events to the sender").

A row of ``ReferralEvent`` is written in the same transaction as the change it tells of: a
question's case taken up by a worker (it gets a coordinator) or closed, an offer of help
answered. The sender's webhooks and feed are made of these rows through the policy point
(``access.api.referral_events``), which also decides what of an arrears outcome the sender
may learn. Kept apart from ``referrals.py`` so the case services can call it without a cycle.
"""

from __future__ import annotations

from eenloket.cases.models import Case, Referral, ReferralEvent


def referral_event(*, referral: Referral, kind: str, by_team_id) -> ReferralEvent:
    """Record that ``kind`` happened to ``referral``, done by the team ``by_team_id``."""
    return ReferralEvent.objects.create(referral=referral, kind=kind, by_team_id=by_team_id)


def case_moved(*, case: Case, kind: str) -> int:
    """Record ``kind`` (taken up, closed) for every question referral that landed on ``case``;
    return how many. The receiving team is named as the one that did it, whoever of the case's
    team it was: the sender learns what became of its referral, not who works on the case."""
    found = list(
        Referral._base_manager.filter(case_id=case.pk, kind=Referral.Kind.QUESTION).only(
            "pk", "to_team_id"
        )
    )
    ReferralEvent.objects.bulk_create(
        ReferralEvent(referral=r, kind=kind, by_team_id=r.to_team_id) for r in found
    )
    return len(found)
