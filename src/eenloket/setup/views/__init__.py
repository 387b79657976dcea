"""The application manager's set-up screens under /werk/beheer/ (docs/workers.md).

Every view checks ``may_set_up`` first (anyone else gets "not found", as for things that do
not exist), parses a form, calls one service and renders; a refused save shows the form again
with what was typed and the service's own message at the field it concerns."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.core.errors import DomainError, NotFoundOrForbidden


def manager_only(view):
    """Log in first; then only an application manager gets further (others: 404)."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not capabilities.may_set_up(request.actor):
            raise Http404(_("This item does not exist or you have no access to it."))
        try:
            return view(request, *args, **kwargs)
        except NotFoundOrForbidden as error:
            raise Http404(error.message) from None

    return wrapped


def form_page(request, form, *, template, context, save, done, back):
    """Handle a form that saves through ``save(cleaned_data)``: on success a message and a
    redirect to ``back`` (or what ``save`` returns); else the form again, status 400."""
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form.cleaned_data)
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            messages.success(request, done)
            return redirect(target or back)
    return render(
        request,
        template,
        {"form": form, "back": back, **context},
        status=400 if form.errors else 200,
    )
