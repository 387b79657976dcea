"""Statutory bases, shown before they are saved: who will see what from when."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eenloket.backoffice.step_up import second_factor_again
from eenloket.consent import services as consent
from eenloket.core import clock
from eenloket.core.errors import DomainError
from eenloket.core.http import posted
from eenloket.setup import forms, selectors
from eenloket.setup.views import manager_only


@manager_only
@second_factor_again
def basis_new(request, organisation_id):
    """Step 1: the form; step 2 ("preview"): what changes, with the form's values kept;
    step 3 ("confirm"): saved. Going back keeps what was typed."""
    organisation = selectors.organisation(actor=request.actor, organisation_id=organisation_id)
    form = forms.BasisForm(posted(request))
    back = reverse("setup:organisation", args=[organisation.pk])
    preview = None
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if step == "confirm":
            try:
                consent.statutory_basis_add(
                    recipient=organisation,
                    categories=data["categories"],
                    purpose=data["purpose"],
                    legal_reference=data["legal_reference"],
                    source_url=data["source_url"],
                    valid_from=data["valid_from"],
                    valid_until=data["valid_until"],
                    confirmed_by=data["confirmed_by"],
                    confirmed_on=data["confirmed_on"],
                    actor=request.actor,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The statutory basis is recorded."))
                return redirect(back)
        elif step == "preview":
            preview = selectors.basis_preview(
                actor=request.actor, organisation=organisation, **data
            )
    return render(
        request,
        "setup/basis.html",
        {"organisation": organisation, "form": form, "preview": preview, "back": back},
        status=400 if form.errors else 200,
    )


@manager_only
@second_factor_again
def basis_end(request, basis_id):
    """Say what ending a basis changes (the teams no longer see …), then end it."""
    basis = selectors.basis(actor=request.actor, basis_id=basis_id)
    back = reverse("setup:organisation", args=[basis.recipient_id])
    form = forms.BasisEndForm(posted(request), initial={"valid_until": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            consent.statutory_basis_end(
                basis=basis, on=form.cleaned_data["valid_until"], actor=request.actor
            )
        except DomainError as error:
            form.add_error("valid_until", error.message)
        else:
            messages.success(request, _("The statutory basis is ended."))
            return redirect(back)
    return render(
        request,
        "setup/basis_end.html",
        {"basis": basis, "form": form, "back": back},
        status=400 if form.errors else 200,
    )
