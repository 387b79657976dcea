"""The citizen's login in the session: who, how sure, since when (docs/portal.md).

A real deployment logs in through OpenID Connect with DigiD or eHerkenning behind a broker (not
built yet); the demo login exists only in demo mode.
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
# A citizen session ends after 15 minutes without activity, like DigiD's own.
IDLE_SECONDS = 15 * 60


def log_in(request, *, person_id, assurance: str) -> None:
    request.session.cycle_key()  # no session fixation
    request.session[SESSION_PERSON] = str(person_id)
    request.session[SESSION_ASSURANCE] = assurance
    request.session[SESSION_LOGIN_AT] = clock.now().timestamp()


def log_out(request) -> None:
    for key in (SESSION_PERSON, SESSION_ASSURANCE, SESSION_LOGIN_AT):
        request.session.pop(key, None)
    request.session.cycle_key()


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
    return Actor.citizen(person_id, assurance=request.session.get(SESSION_ASSURANCE, ""))


def citizen_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        citizen = citizen_of(request)
        if citizen is None:
            return redirect("portal:login")
        request.citizen = citizen
        return view(request, *args, **kwargs)

    return wrapper
