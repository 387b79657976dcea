"""Logging in to "Mijn overzicht" with DigiD or eHerkenning through a broker (docs/login.md).

Thin: the protocol is in accounts/oidc.py, the pending login and the citizen's session in
portal/session.py, and who the citizen is comes from the policy point (access/citizens.py).
"""

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from eenloket.access import citizens
from eenloket.accounts import oidc
from eenloket.portal import session

logger = logging.getLogger("eenloket.login")

METHOD_NAMES = {"digid": "DigiD", "eherkenning": "eHerkenning"}
METHOD_BUTTONS = {
    "digid": gettext_lazy("Log in with DigiD"),
    "eherkenning": gettext_lazy("Log in with eHerkenning (for companies)"),
}


def login_methods() -> list[dict]:
    """The ways of logging in this deployment has set up, in a fixed order."""
    providers = settings.EENLOKET_LOGIN.providers
    return [{"kind": k, "label": METHOD_BUTTONS[k]} for k in METHOD_BUTTONS if k in providers]


def _redirect_uri(request) -> str:
    return settings.EENLOKET_LOGIN.callback_url or request.build_absolute_uri(
        reverse("portal:login_return")
    )


def _failed(request, failure: oidc.LoginFailed, kind: str | None):
    """Tell the citizen in plain words that they are not logged in; log why, never a BSN."""
    logger.warning("login %s failed (%s): %s", kind or "?", failure.kind, failure.reason)
    phone = settings.EENLOKET_DESK_PHONE
    method = METHOD_NAMES.get(kind or "", "DigiD")
    messages = {
        oidc.EXPIRED: (
            _("Logging in took too long, or this link was already used. Please log in again."),
            400,
        ),
        oidc.CANCELLED: (_("You stopped logging in. You are not logged in."), 200),
        oidc.UNAVAILABLE: (
            _(
                "Logging in with %(method)s does not work right now. Please try again later. "
                "Or call us: %(phone)s."
            )
            % {"method": method, "phone": phone},
            503,
        ),
        oidc.NOT_VERIFIED: (
            _(
                "We could not check your login, so you are not logged in. Please try again. "
                "Does it keep going wrong? Call us: %(phone)s."
            )
            % {"phone": phone},
            400,
        ),
    }
    message, status = messages.get(failure.kind, messages[oidc.NOT_VERIFIED])
    return render(request, "portal/login_failed.html", {"message": message}, status=status)


def start(request, kind: str):
    """Send the citizen to the provider, with a fresh state, nonce and PKCE challenge."""
    provider = settings.EENLOKET_LOGIN.providers.get(kind)
    if provider is None:
        raise Http404(_("This way of logging in is not set up here."))
    pending = oidc.new_pending(provider)
    try:
        url = oidc.authorization_url(
            provider,
            pending,
            redirect_uri=_redirect_uri(request),
            language=(get_language() or "nl")[:2],
            timeout=settings.EENLOKET_LOGIN.timeout_seconds,
        )
    except oidc.LoginFailed as failure:
        return _failed(request, failure, kind)
    session.pending_login_keep(request, pending)
    return redirect(url)


def login_return(request):
    """The provider sends the citizen back here: check everything, then log in (or say why not)."""
    pending = session.pending_login_take(request)
    kind = pending.get("kind") if isinstance(pending, dict) else None
    config = settings.EENLOKET_LOGIN
    try:
        oidc.check_state(pending, state=request.GET.get("state", ""))
        provider = config.providers.get(kind)
        if provider is None:
            raise oidc.LoginFailed(f"{kind} is not set up", kind=oidc.UNAVAILABLE)
        error = request.GET.get("error", "")
        if error:
            raise oidc.LoginFailed(
                f"the provider answered error={error[:60]!r}",
                kind=oidc.CANCELLED if error == "access_denied" else oidc.UNAVAILABLE,
            )
        identity = oidc.complete(
            provider,
            pending,
            code=request.GET.get("code", ""),
            redirect_uri=_redirect_uri(request),
            timeout=config.timeout_seconds,
            leeway=config.leeway_seconds,
            response_issuer=request.GET.get("iss"),
        )
    except oidc.LoginFailed as failure:
        return _failed(request, failure, kind)
    if identity.kind == "digid":
        person = citizens.citizen_person_by_bsn(bsn=identity.number, assurance=identity.assurance)
    else:
        person = citizens.citizen_person_by_kvk(
            kvk_number=identity.number, acting=identity.acting, assurance=identity.assurance
        )
    if person is None:
        logger.info("login %s: a person we do not know (nobody is created)", identity.kind)
        return render(
            request,
            "portal/login_unknown.html",
            {"desk_phone": settings.EENLOKET_DESK_PHONE, "company": identity.kind != "digid"},
        )
    session.log_in(
        request,
        person_id=person.pk,
        assurance=identity.assurance,
        method=identity.kind,
        acting=identity.acting,
    )
    logger.info("login %s at level %s", identity.kind, identity.assurance)
    return session.in_their_language(redirect("portal:overview"), person)


def provider_logout_url(request, method: str) -> str | None:
    """Where to end the session at the provider too (call before the local logout)."""
    provider = settings.EENLOKET_LOGIN.providers.get(method)
    if provider is None:
        return None
    return oidc.end_session_url(
        provider,
        post_logout_redirect_uri=request.build_absolute_uri(reverse("portal:login")),
        timeout=settings.EENLOKET_LOGIN.timeout_seconds,
    )
