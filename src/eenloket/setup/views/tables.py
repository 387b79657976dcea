"""Breakthrough tables, and the register of processing activities (read-only)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from eenloket.core.http import posted
from eenloket.setup import forms, selectors
from eenloket.setup.views import form_page, manager_only
from eenloket.teamwork import services as teamwork


@manager_only
def register(request):
    """The register of processing activities, read-only: it changes with the code and
    `eenloket audit register` (docs/privacy.md); each citation says whether it is confirmed."""
    return render(
        request,
        "setup/register.html",
        {
            "entries": selectors.register_entries(actor=request.actor),
            "retention": selectors.retention_sources(actor=request.actor),
            "dutch": get_language().startswith("nl"),
        },
    )


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


@manager_only
def table_edit(request, table_id):
    table = selectors.table(actor=request.actor, table_id=table_id)
    workers = selectors.worker_choices(actor=request.actor)
    initial = {"name": table.name, "members": [str(m.pk) for m in table.members.all()]}
    form = forms.TableForm(posted(request), workers=workers, initial=initial)
    form.fields["name"].disabled = True

    def save(data):
        teamwork.table_set_members(table=table, members=data["members"], actor=request.actor)

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("Who sits at %(name)s") % {"name": table.name}},
        save=save,
        done=_("Your changes are saved."),
        back=reverse("setup:tables"),
    )
