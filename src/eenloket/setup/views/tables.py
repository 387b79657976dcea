"""Breakthrough tables."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from eenloket.core.http import posted
from eenloket.setup import forms, selectors
from eenloket.setup.views import form_page, manager_only
from eenloket.teamwork import services as teamwork


@manager_only
def tables(request):
    return render(request, "setup/tables.html", {"tables": selectors.tables(actor=request.actor)})


@manager_only
def table_new(request):
    workers = selectors.worker_choices(actor=request.actor)
    form = forms.TableForm(posted(request), workers=workers)

    def save(data):
        teamwork.table_create(name=data["name"], members=data["members"], actor=request.actor)

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("New breakthrough table")},
        save=save,
        done=_("The table is set up. Its members see the cases put to it."),
        back=reverse("setup:tables"),
    )
