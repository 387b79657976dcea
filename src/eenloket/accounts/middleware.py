"""Per-request facts about the logged-in worker: session lifetime and the acting membership."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from eenloket.accounts.selectors import current_memberships
from eenloket.core import clock
from eenloket.core.actor import Actor

SESSION_LOGIN_AT = "eenloket_login_at"
SESSION_MEMBERSHIP = "eenloket_membership_id"
# The worker's session epoch at login: a password or role change raises the epoch, which ends
# every session that started before it (accounts/services.py, worker_sessions_end).
SESSION_EPOCH = "eenloket_session_epoch"
# When the worker last gave their second factor (at login, or again for a sensitive action).
SESSION_SECOND_FACTOR_AT = "eenloket_second_factor_at"


class SessionLifetimeMiddleware:
    """Log a worker out once their session is older than the maximum, however active it was,
    or started before their password or roles last changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            login_at = request.session.get(SESSION_LOGIN_AT)
            too_old = (
                login_at is None
                or clock.now().timestamp() - login_at > settings.EENLOKET_SESSION_MAX_SECONDS
            )
            stale = request.session.get(SESSION_EPOCH, 0) != request.user.session_epoch
            if too_old or stale:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class ActorMiddleware:
    """Attach ``request.actor``: the worker and the membership they act through right now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = Actor.anonymous()
        request.memberships = []
        if request.user.is_authenticated:
            memberships = list(current_memberships(user=request.user))
            chosen_id = request.session.get(SESSION_MEMBERSHIP)
            chosen = next((m for m in memberships if str(m.pk) == chosen_id), None)
            if chosen is None and memberships:
                chosen = memberships[0]
            request.memberships = memberships
            request.actor = Actor.worker(request.user, chosen)
        return self.get_response(request)
