"""Reads about workers and their memberships."""

from django.db.models import Q, QuerySet

from eenloket.accounts.models import Membership, Role, User
from eenloket.core import clock


def current_memberships(*, user: User) -> QuerySet[Membership]:
    """Return the worker's memberships that are valid today, with organisation and team."""
    today = clock.today()
    return (
        Membership.objects.filter(user=user, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("organisation", "team")
    )


def team_coordinators(team) -> list[User]:
    """The workers who coordinate ``team`` today (one query)."""
    today = clock.today()
    return [
        membership.user
        for membership in Membership.objects.filter(
            team=team, role=Role.COORDINATOR, valid_from__lte=today
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("user")
    ]
