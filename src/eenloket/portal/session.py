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
from eenloket.core.middleware import SESSION_RENEW_SECONDS

SESSION_PERSON = "portal_person"
SESSION_ASSURANCE = "portal_assurance"
SESSION_LOGIN_AT = "portal_login_at"
# A representative acting for someone: the representation, the represented person, and their
# name for the banner on every page (the policy point re-checks the representation each read).
SESSION_ACTING = "portal_acting_representation"
SESSION_ACTING_FOR = "portal_acting_for"
SESSION_ACTING_NAME = "portal_acting_name"
ACTING_KEYS = (SESSION_ACTING, SESSION_ACTING_FOR, SESSION_ACTING_NAME)
# How the citizen logged in ("demo", "digid", "eherkenning") and, with eHerkenning, the
# broker's pseudonym of the employee acting for the company.
SESSION_METHOD = "portal_login_method"
SESSION_EMPLOYEE = "portal_eherkenning_acting"
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
    request.session[SESSION_EMPLOYEE] = acting


def in_their_language(response, person):
    """Show the portal in the language the person recorded (at the desk or under "How we
    reach you"), from their first page on; they can switch at any time."""
    from django.conf import settings

    language = person.preferred_language
    if language in dict(settings.LANGUAGES):
        # The cookie takes effect from the next request on: the redirect after the login.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        )
    return response


def log_out(request) -> None:
    for key in (
        SESSION_PERSON,
        SESSION_ASSURANCE,
        SESSION_LOGIN_AT,
        SESSION_METHOD,
        SESSION_EMPLOYEE,
        SESSION_PENDING,
        *ACTING_KEYS,
    ):
        request.session.pop(key, None)
    request.session.cycle_key()


def act_for(request, representation) -> None:
    """From now on, the logged-in person acts for the person ``representation`` names."""
    request.session[SESSION_ACTING] = str(representation.pk)
    request.session[SESSION_ACTING_FOR] = str(representation.represented_id)
    request.session[SESSION_ACTING_NAME] = representation.represented.full_name


def stop_acting(request) -> None:
    for key in ACTING_KEYS:
        request.session.pop(key, None)


def acting_for_name(request) -> str:
    return request.session.get(SESSION_ACTING_NAME, "")


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
    now = clock.now().timestamp()
    if now - seen > IDLE_SECONDS:
        log_out(request)
        return None
    if now - seen >= SESSION_RENEW_SECONDS:  # not on every request: that writes the session
        request.session[SESSION_LOGIN_AT] = now
    try:
        person_id = UUID(person)
        acting = request.session.get(SESSION_ACTING)
        represented_id = UUID(request.session.get(SESSION_ACTING_FOR, "")) if acting else None
    except ValueError:
        log_out(request)
        return None
    assurance = request.session.get(SESSION_ASSURANCE, "")
    if acting:
        return Actor.representative(
            person_id,
            represented_id=represented_id,
            representation_id=acting,
            assurance=assurance,
        )
    return Actor.citizen(
        person_id, assurance=assurance, acting=request.session.get(SESSION_EMPLOYEE, "")
    )


def own_actor(request) -> Actor:
    """The logged-in person as themselves, also while they act for someone else."""
    citizen = request.citizen
    if citizen.is_representative:
        return Actor.citizen(citizen.representative_id, assurance=citizen.assurance)
    return citizen


def citizen_required(view):
    """A portal page: needs a login. A login below "substantieel" or a representative outside
    their scope gets a plain explanation (403); a representation that ended takes the person
    back to their own overview."""
    from django.contrib import messages
    from django.shortcuts import render

    from eenloket.access import citizens

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        citizen = citizen_of(request)
        if citizen is None:
            return redirect("portal:login")
        request.citizen = citizen
        try:
            return view(request, *args, **kwargs)
        except citizens.LoginTooWeak as error:
            return render(request, "portal/too_weak.html", {"message": error.message}, status=403)
        except citizens.NotForRepresentative as error:
            if error.ended:
                stop_acting(request)
                messages.error(request, error.message)
                return redirect("portal:overview")
            return render(
                request,
                "portal/not_for_representative.html",
                {"message": error.message},
                status=403,
            )

    return wrapper
