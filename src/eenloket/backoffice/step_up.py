"""The second factor asked again before a sensitive action (export, break-glass, role
changes): the worker's code counts for EENLOKET_STEP_UP_SECONDS after it was given (#26).

A stolen or unattended session alone then cannot export a dossier or open urgent access.
Demo accounts in demo mode have no second factor, so nothing is asked of them.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from eenloket.accounts import services
from eenloket.accounts.middleware import SESSION_SECOND_FACTOR_AT
from eenloket.core import clock


def second_factor_is_recent(request) -> bool:
    """Tell whether the worker gave their second factor recently enough (or needs none)."""
    if not services.second_factor_required(request.user):
        return True
    given = request.session.get(SESSION_SECOND_FACTOR_AT)
    return (
        given is not None and clock.now().timestamp() - given <= settings.EENLOKET_STEP_UP_SECONDS
    )


def second_factor_again(view):
    """Ask for the second factor again before ``view`` when it was not given recently; the
    worker comes back to the same page (a form is shown again, nothing is lost but a retype)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated and not second_factor_is_recent(request):
            back = request.get_full_path() if request.method == "GET" else request.path
            confirm = reverse("backoffice:second_factor_confirm")
            return redirect(f"{confirm}?{urlencode({'next': back})}")
        return view(request, *args, **kwargs)

    wrapped.asks_second_factor_again = True
    return wrapped
