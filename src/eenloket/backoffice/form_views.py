"""The routine of a back-office form view, written once: a valid POST calls one service; a
``DomainError`` lands on its field with the input kept and the page comes back with status 400;
success is said in a message and the browser is sent on (docs/decisions/0037)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from eenloket.core.errors import DomainError


def add_domain_error(form, error: DomainError) -> None:
    """Put a service's ``DomainError`` on the form field it names (the whole form otherwise)."""
    field = error.field if error.field in form.fields else None
    if error.field == "channels":
        field = "channel_1"
    if error.field == "question":
        field = "question_verbatim" if "question_verbatim" in form.fields else None
    form.add_error(field, error.message)


def form_page(
    request: HttpRequest,
    form,
    *,
    save: Callable[[dict[str, Any]], object],
    success: str,
    then: Callable[[], HttpResponse] | str,
    template: str,
    context: Mapping[str, Any],
) -> HttpResponse:
    """Show ``form`` on ``template``; on a valid POST call ``save(form.cleaned_data)``.

    Success: say ``success`` and go to ``then`` (a URL, or a function that returns the
    response). A ``DomainError`` from ``save`` goes on its field and the page is shown again;
    any POST that did not succeed answers 400, so the status says what happened.
    """
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, success)
            return then() if callable(then) else redirect(then)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)
