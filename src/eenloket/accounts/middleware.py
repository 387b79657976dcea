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


class SessionLifetimeMiddleware:
    """Log a worker out once their session is older than the maximum, however active it was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            login_at = request.session.get(SESSION_LOGIN_AT)
            too_old = (
                login_at is None
                or clock.now().timestamp() - login_at > settings.EENLOKET_SESSION_MAX_SECONDS
            )
            if too_old:
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
