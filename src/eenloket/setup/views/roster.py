"""The roster file: import (invite and add memberships, all or nothing) and export (CSV)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eenloket.core.http import posted
from eenloket.setup import forms_workers, roster
from eenloket.setup.views import manager_only


@manager_only
def roster_page(request):
    form = forms_workers.RosterForm(posted(request), request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        result = roster.roster_import(
            form.cleaned_data["file"].read(),
            base_url=request.build_absolute_uri("/"),
            actor=request.actor,
        )
        if not result.errors:
            messages.success(
                request,
                _("Imported: %(invited)s workers invited, %(memberships)s memberships added.")
                % {"invited": result.invited, "memberships": result.memberships},
            )
            return redirect("setup:workers")
        errors = result.errors
    return render(
        request,
        "setup/roster.html",
        {
            "form": form,
            "errors": errors,
            "headers": ",".join(roster.HEADERS),
            "roles": roster.ROLES,
            "back": reverse("setup:workers"),
        },
        status=400 if (errors or form.errors) else 200,
    )


@manager_only
def roster_export(request):
    response = HttpResponse(
        roster.roster_export(actor=request.actor), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="medewerkers.csv"'
    return response
