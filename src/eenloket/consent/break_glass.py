"""Break-glass after it is opened (#23, decision 0049): whom it is told to, the second
worker's confirmation within the hour, and the job that records the end of an access nobody
confirmed. Opening one and the privacy officer's review stay in ``consent.services``.

The end itself needs no job: ``access.break_glass.live_accesses`` stops showing the case at
``confirm_before`` on every read. The job writes the end down (``ended_at``, an audit line)
and tells the worker, so the log says why the access stopped.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.access.release import release
from eenloket.accounts.models import Membership
from eenloket.audit import processing
from eenloket.cases.models import Case, CaseTeam
from eenloket.consent.models import BreakGlassAccess
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.notifications import about
from eenloket.notifications import services as messages
from eenloket.notifications.models import RecipientKind
from eenloket.notifications.preferences import ChannelPreferences

# At most this many accesses are ended per run of the job; the next run goes on.
END_BATCH = 500


def tell_the_citizen(access: BreakGlassAccess, case: Case, actor: Actor) -> None:
    """Tell the person at once, on their own channel, who opened their case urgently and why
    (#23): not only in the log."""
    person = case.person
    messages.message_queue(
        recipient_kind=RecipientKind.PERSON,
        recipient_ref=person.pk,
        recipient_name=person.full_name,
        contact=person.message_contact(),
        preferences=ChannelPreferences.of_person(person),
        purpose="break_glass",
        template_key="break_glass",
        context={
            "name": person.full_name,
            "organisation": access.membership.organisation.name,
            "opened_at": localtime(access.opened_at).strftime("%d-%m-%Y %H:%M"),
            "reason": access.reason,
        },
        language=person.preferred_language,
        case_ref=case.pk,
        actor=actor,
    )


def tell_privacy_officers(access: BreakGlassAccess) -> None:
    officers = Membership.objects.filter(
        role__in=capabilities.QUERY_PROCESSING_LOG.roles
    ).select_related("user")
    for membership in officers:
        if membership.is_current():
            messages.worker_notify(
                user=membership.user,
                kind="break_glass",
                text=_("A case was opened by break-glass: please review it."),
                link=about.about(about.BREAK_GLASS_REVIEWS),
            )


def ask_for_confirmation(access: BreakGlassAccess) -> int:
    """Ask the coordinators of the teams on the case (the owning team, the teams working on
    it, the opener's own team) to confirm within the hour; never the worker who opened it.
    Return how many were asked."""
    case = access.case
    teams = {case.owning_team_id}
    if access.membership.team_id is not None:
        teams.add(access.membership.team_id)
    teams |= set(
        release(CaseTeam).filter(case=case, ended_at__isnull=True).values_list("team_id", flat=True)
    )
    coordinators = (
        Membership.objects.filter(
            role__in=capabilities.CONFIRM_BREAK_GLASS.roles, team_id__in=teams
        )
        .exclude(user_id=access.user_id)
        .select_related("user")
    )
    asked = set()
    for membership in coordinators:
        if membership.is_current() and membership.user_id not in asked:
            asked.add(membership.user_id)
            messages.worker_notify(
                user=membership.user,
                kind="break_glass_confirm",
                text=_(
                    "A colleague opened a case by break-glass. Confirm it within the hour, "
                    "or the access ends."
                ),
                link=about.about(about.BREAK_GLASS_CONFIRM, access.pk),
            )
    return len(asked)


@transaction.atomic
def break_glass_confirm(*, access: BreakGlassAccess, actor: Actor) -> BreakGlassAccess:
    """A second worker confirms a colleague's break-glass within the hour: it then lasts to its
    normal end. Who may is checked by ``access.break_glass.break_glass_for_confirmation``
    (a coordinator with a relation to the case, never the opener); checked again here."""
    if actor.user is None or actor.user.pk == access.user_id:
        raise DomainError(_("Another worker must confirm your urgent access."))
    access = BreakGlassAccess._base_manager.select_for_update().get(pk=access.pk)
    now = clock.now()
    if access.confirmed_at is not None:
        raise DomainError(_("This urgent access is already confirmed."))
    if access.ended_at is not None or now >= (access.confirm_before or access.expires_at):
        raise DomainError(
            _("This urgent access has ended. The worker can open the case again if it is needed.")
        )
    access.confirmed_by = actor.user
    access.confirmed_at = now
    access.save(update_fields=["confirmed_by", "confirmed_at"])
    processing.record_change(
        actor=actor,
        action="break_glass_confirm",
        object_type="case",
        object_id=access.case_id,
        changes={"access": str(access.pk), "until": access.expires_at.isoformat()},
    )
    return access


def break_glass_end_unconfirmed() -> int:
    """The job: record the end of each access nobody confirmed within the hour (it already
    stopped at that moment, at read time), with an audit line, and tell the worker. At most
    ``END_BATCH`` per run; idempotent. Return how many were ended."""
    now = clock.now()
    due = list(
        BreakGlassAccess._base_manager.filter(
            confirmed_at__isnull=True, ended_at__isnull=True, confirm_before__lte=now
        )
        .order_by("confirm_before")
        .values_list("pk", flat=True)[:END_BATCH]
    )
    ended = 0
    for access_id in due:
        ended += _end_one(access_id)
    return ended


@transaction.atomic
def _end_one(access_id) -> int:
    access = (
        BreakGlassAccess._base_manager.select_for_update()
        .select_related("user")
        .filter(pk=access_id, confirmed_at__isnull=True, ended_at__isnull=True)
        .first()
    )
    if access is None:  # confirmed or ended meanwhile
        return 0
    access.ended_at = access.confirm_before
    access.save(update_fields=["ended_at"])
    processing.record_change(
        actor=Actor.system("break-glass-end"),
        action="break_glass_end",
        object_type="case",
        object_id=access.case_id,
        changes={"access": str(access.pk), "reason": "not_confirmed"},
    )
    messages.worker_notify(
        user=access.user,
        kind="break_glass",
        text=_("Your urgent access ended: no second worker confirmed it within the hour."),
        link=about.about(about.CASE, access.case_id),
    )
    return 1
