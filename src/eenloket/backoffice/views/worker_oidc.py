"""Workers logging in through their own organisation's OpenID Connect provider (decision 0041).

Start: a pending login (state, nonce, PKCE verifier) in the session, then off to the provider.
Return: the state checked, the code traded, the ID token verified (accounts/oidc.py), the
worker found (accounts/worker_login.py). When the provider's ``amr`` shows a second factor, the
login is complete; otherwise our own code is asked (or set up) exactly as after a password.
"""

import logging
import time

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from eenloket.accounts import oidc, services, worker_login
from eenloket.audit import processing
from eenloket.backoffice.views.auth import PENDING_NEXT, PENDING_USER, _finish_login
from eenloket.core.actor import Actor

logger = logging.getLogger("eenloket.login")
PENDING = "eenloket_worker_oidc_pending"


def providers() -> list:
    """The organisations whose workers may log in at their own provider, for the login page."""
    return sorted(settings.EENLOKET_WORKER_LOGIN.values(), key=lambda p: p.label)


def _redirect_uri(request) -> str:
    return request.build_absolute_uri(reverse("backoffice:worker_oidc_return"))


def start(request, slug):
    setup = settings.EENLOKET_WORKER_LOGIN.get(slug)
    if setup is None:
        raise Http404(_("This item does not exist or you have no access to it."))
    pending = oidc.new_pending(setup.provider)
    try:
        url = oidc.authorization_url(
            setup.provider,
            pending,
            redirect_uri=_redirect_uri(request),
            language=get_language() or "nl",
            timeout=settings.EENLOKET_LOGIN.timeout_seconds,
        )
    except oidc.LoginFailed as failure:
        return _failed(request, failure, slug)
    request.session[PENDING] = {**pending, "slug": slug, "started": time.time()}
    request.session[PENDING_NEXT] = request.GET.get("next", "")
    return redirect(url)


def _failed(request, failure: oidc.LoginFailed, slug: str):
    logger.warning("worker login at %s failed (%s): %s", slug, failure.kind, failure.reason)
    status = {oidc.EXPIRED: 400, oidc.UNAVAILABLE: 503, oidc.CANCELLED: 200}.get(failure.kind, 403)
    text = {
        oidc.EXPIRED: _("Logging in took too long, or this link was already used. Log in again."),
        oidc.CANCELLED: _("You stopped logging in. You are not logged in."),
        oidc.UNAVAILABLE: _(
            "Your organisation's login does not answer right now. Log in with your user name "
            "and password, or try again later."
        ),
    }.get(
        failure.kind,
        _(
            "Your organisation vouched for you, but there is no current account for you in the "
            "loket. Ask your application manager."
        ),
    )
    return render(request, "backoffice/worker_oidc_failed.html", {"text": text}, status=status)


def back(request):
    pending = request.session.pop(PENDING, None)
    slug = pending.get("slug", "") if isinstance(pending, dict) else ""
    setup = settings.EENLOKET_WORKER_LOGIN.get(slug)
    try:
        if request.GET.get("error"):
            kind = oidc.CANCELLED if request.GET["error"] == "access_denied" else oidc.UNAVAILABLE
            raise oidc.LoginFailed(f"the provider answered {request.GET['error'][:50]}", kind=kind)
        oidc.check_state(pending, state=request.GET.get("state", ""))
        if setup is None:
            raise oidc.LoginFailed("the provider is no longer configured", kind=oidc.EXPIRED)
        timeout = settings.EENLOKET_LOGIN.timeout_seconds
        id_token = oidc.exchange_code(
            setup.provider,
            code=request.GET.get("code", ""),
            redirect_uri=_redirect_uri(request),
            verifier=pending["verifier"],
            timeout=timeout,
        )
        claims = oidc.verify_id_token(
            setup.provider,
            id_token,
            nonce=pending["nonce"],
            timeout=timeout,
            leeway=settings.EENLOKET_LOGIN.leeway_seconds,
        )
        user = worker_login.worker_for(setup, claims)
    except oidc.LoginFailed as failure:
        return _failed(request, failure, slug or "?")
    services.login_succeeded(username=user.username)
    next_url = request.session.get(PENDING_NEXT, "")
    request.session.cycle_key()
    request.session[PENDING_NEXT] = next_url
    second_factor = worker_login.second_factor_done(setup, claims)
    processing.record_change(
        actor=Actor.system("worker-login"),
        action="worker_login_oidc",
        object_type="user",
        object_id=user.pk,
        changes={"provider": slug, "second_factor_at_provider": second_factor},
    )
    if second_factor or not services.second_factor_required(user):
        return _finish_login(request, user)
    request.session[PENDING_USER] = user.pk
    if user.totp_confirmed_at is None:
        return redirect("backoffice:totp_enrol")
    return redirect("backoffice:totp_verify")
