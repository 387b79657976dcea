"""The citizen's login in the session: who, how sure, since when (docs/portal.md).

A real deployment logs in through OpenID Connect with DigiD or eHerkenning behind a broker
(portal/login_views.py, docs/login.md); the demo login exists only in demo mode.
"""

from __future__ import annotations

from functools import wraps
from uuid import UUID

from django.shortcuts import redirect

from eenloket.core import clock
from eenloket.core.actor import Actor

SESSION_PERSON = "portal_person"
SESSION_ASSURANCE = "portal_assurance"
SESSION_LOGIN_AT = "portal_login_at"
# How the citizen logged in ("demo", "digid", "eherkenning") and, with eHerkenning, the
# broker's pseudonym of the person acting for the company.
SESSION_METHOD = "portal_login_method"
SESSION_ACTING = "portal_acting"
# A login started at an OpenID Connect provider: state, nonce, PKCE verifier (single use).
SESSION_PENDING = "portal_oidc_pending"
# A citizen session ends after 15 minutes without activity, like DigiD's own.
IDLE_SECONDS = 15 * 60


def log_in(request, *, person_id, assurance: str, method: str = "demo", acting: str = "") -> None:
    request.session.cycle_key()  # no session fixation
    request.session[SESSION_PERSON] = str(person_id)
    request.session[SESSION_ASSURANCE] = assurance
    request.session[SESSION_LOGIN_AT] = clock.now().timestamp()
    request.session[SESSION_METHOD] = method
    request.session[SESSION_ACTING] = acting


def log_out(request) -> None:
    for key in (
        SESSION_PERSON,
        SESSION_ASSURANCE,
        SESSION_LOGIN_AT,
        SESSION_METHOD,
        SESSION_ACTING,
        SESSION_PENDING,
    ):
        request.session.pop(key, None)
    request.session.cycle_key()


def login_method(request) -> str:
    return request.session.get(SESSION_METHOD, "")


def pending_login_keep(request, pending: dict) -> None:
    """Keep a login started at a provider; a newer one replaces it."""
    request.session[SESSION_PENDING] = pending


def pending_login_take(request) -> dict | None:
    """Take the started login out of the session: its state can be answered once only."""
    return request.session.pop(SESSION_PENDING, None)


def citizen_of(request) -> Actor | None:
    person = request.session.get(SESSION_PERSON)
    seen = request.session.get(SESSION_LOGIN_AT)
    if not person or seen is None:
        return None
    if clock.now().timestamp() - seen > IDLE_SECONDS:
        log_out(request)
        return None
    request.session[SESSION_LOGIN_AT] = clock.now().timestamp()
    try:
        person_id = UUID(person)
    except ValueError:
        log_out(request)
        return None
    return Actor.citizen(
        person_id,
        assurance=request.session.get(SESSION_ASSURANCE, ""),
        acting=request.session.get(SESSION_ACTING, ""),
    )


def citizen_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        citizen = citizen_of(request)
        if citizen is None:
            return redirect("portal:login")
        request.citizen = citizen
        return view(request, *args, **kwargs)

    return wrapper
