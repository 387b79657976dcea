"""Organisations, teams, direct lines and desks."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.core.errors import DomainError
from eenloket.core.http import posted
from eenloket.directory import services as directory
from eenloket.directory.models import CapacityStatus
from eenloket.setup import forms, hours, selectors
from eenloket.setup import services as setup
from eenloket.setup.views import form_page, manager_only


@manager_only
def home(request):
    return render(
        request,
        "setup/home.html",
        {"organisations": selectors.organisations(actor=request.actor)},
    )


def _organisation_url(organisation):
    return reverse("setup:organisation", args=[organisation.pk])


@manager_only
def organisation_new(request):
    form = forms.OrganisationForm(posted(request))

    def save(data):
        organisation = directory.organisation_create(actor=request.actor, **data)
        return _organisation_url(organisation)

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("New organisation")},
        save=save,
        done=_("The organisation is added. Add its teams next."),
        back=reverse("setup:home"),
    )


@manager_only
def organisation_detail(request, organisation_id):
    organisation = selectors.organisation(actor=request.actor, organisation_id=organisation_id)
    return render(request, "setup/organisation.html", {"organisation": organisation})


@manager_only
def organisation_edit(request, organisation_id):
    organisation = selectors.organisation(actor=request.actor, organisation_id=organisation_id)
    initial = {name: getattr(organisation, name) for name in forms.OrganisationForm.base_fields}
    form = forms.OrganisationForm(posted(request), initial=initial)

    def save(data):
        directory.organisation_update(organisation=organisation, actor=request.actor, **data)

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("Change %(name)s") % {"name": organisation.name}},
        save=save,
        done=_("Your changes are saved."),
        back=_organisation_url(organisation),
    )


@manager_only
def team_new(request, organisation_id):
    organisation = selectors.organisation(actor=request.actor, organisation_id=organisation_id)
    form = forms.TeamForm(posted(request))

    def save(data):
        directory.team_create(organisation=organisation, name=data["name"], actor=request.actor)

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("New team of %(name)s") % {"name": organisation.name}},
        save=save,
        done=_("The team is added."),
        back=_organisation_url(organisation),
    )


@manager_only
def team_edit(request, team_id):
    team = selectors.team(actor=request.actor, team_id=team_id)
    form = forms.TeamForm(posted(request), initial={"name": team.name})

    def save(data):
        directory.team_update(team=team, name=data["name"], actor=request.actor)

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("Rename team %(name)s") % {"name": team.name}},
        save=save,
        done=_("Your changes are saved."),
        back=_organisation_url(team.organisation),
    )


def _line_values(data):
    values = {
        "name": data["name"],
        "phone": data["phone"],
        "email": data["email"],
        "topics": data["topics"],
        "service_level_hours": data["service_level_hours"],
        "capacity": data["capacity"],
        "expected_wait_days": data["expected_wait_days"],
        "coordinator": data["coordinator"],
        "schedules": data["hours"],
    }
    if values["capacity"] != CapacityStatus.WAITING_LIST:
        values["expected_wait_days"] = None
    return values


LINE_CONTEXT = {
    "intro": gettext_lazy(
        "A direct line is for professionals only: the logged-in workers who may see it find it "
        "in the sociale kaart and can hand a question over to it; the citizen never sees its "
        "number. Handovers to it arrive in the team's inbox. Who may see it is set on its own "
        "page, after saving."
    )
}


@manager_only
def line_new(request, team_id):
    team = selectors.team(actor=request.actor, team_id=team_id)
    workers = selectors.worker_choices(actor=request.actor, organisation=team.organisation)
    form = forms.ContactPointForm(posted(request), workers=workers)

    def save(data):
        directory.contact_point_create(team=team, actor=request.actor, **_line_values(data))

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={
            "title": _("New direct line of %(team)s") % {"team": team.name},
            **LINE_CONTEXT,
        },
        save=save,
        done=_(
            "The direct line is added. Every loket worker can hand questions over to it now; "
            "limit on the organisation page who may see it."
        ),
        back=_organisation_url(team.organisation),
    )


@manager_only
def line_edit(request, contact_point_id):
    point = selectors.contact_point(actor=request.actor, contact_point_id=contact_point_id)
    organisation = point.team.organisation
    workers = selectors.worker_choices(actor=request.actor, organisation=organisation)
    initial = {
        "name": point.name,
        "phone": point.phone,
        "email": point.email,
        "topics": point.topics,
        "hours": hours.hours_text(point.schedules.all()),
        "service_level_hours": point.service_level_hours,
        "capacity": point.capacity,
        "expected_wait_days": point.expected_wait_days,
        "coordinator": str(point.coordinator_id or ""),
    }
    form = forms.ContactPointForm(posted(request), workers=workers, initial=initial)

    def save(data):
        directory.contact_point_update(
            contact_point=point, actor=request.actor, **_line_values(data)
        )

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("Change direct line %(name)s") % {"name": point.name}, **LINE_CONTEXT},
        save=save,
        done=_("Your changes are saved."),
        back=_organisation_url(organisation),
    )


def _desk_save(request, organisation, data, *, name):
    setup.desk_save(
        organisation=organisation,
        name=name,
        address={key: data[key] for key in ("address_1", "postal_code", "city", "state_province")},
        schedules=data["hours"],
        takes_appointments=data["takes_appointments"],
        slot_minutes=data["slot_minutes"],
        capacity=data["capacity"],
        horizon_days=data["horizon_days"],
        closing_days=data["closing_days"],
        actor=request.actor,
    )


DESK_CONTEXT = {
    "intro": gettext_lazy(
        "A walk-in desk where citizens can come, with its opening hours. When it takes "
        "appointments, citizens book a time in Mijn overzicht and workers at the desk: slots "
        "are cut from the opening hours, never on a public holiday or a closing day."
    )
}


@manager_only
def desk_new(request, organisation_id):
    organisation = selectors.organisation(actor=request.actor, organisation_id=organisation_id)
    form = forms.DeskForm(posted(request), initial={"takes_appointments": True})

    def save(data):
        if any(desk.name == data["name"] for desk in organisation.locations.all()):
            raise DomainError(
                _("This organisation already has a desk with this name."), field="name"
            )
        _desk_save(request, organisation, data, name=data["name"])

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("New desk of %(name)s") % {"name": organisation.name}, **DESK_CONTEXT},
        save=save,
        done=_("The desk is added."),
        back=_organisation_url(organisation),
    )


@manager_only
def desk_edit(request, location_id):
    desk = selectors.desk(actor=request.actor, location_id=location_id)
    address = desk.addresses.all()[0] if desk.addresses.all() else None
    setting = getattr(desk, "appointment_setting", None)
    initial = {
        "name": desk.name,
        "hours": hours.hours_text(desk.schedules.all()),
        "takes_appointments": bool(setting and setting.active),
        "slot_minutes": setting.slot_minutes if setting else 30,
        "capacity": setting.capacity if setting else 1,
        "horizon_days": setting.horizon_days if setting else 28,
        "closing_days": hours.days_text(setting.closing_days if setting else []),
    }
    if address is not None:
        for key in ("address_1", "postal_code", "city", "state_province"):
            initial[key] = getattr(address, key)
    form = forms.DeskForm(posted(request), initial=initial)
    # The desk is found by its name: it is not renamed here.
    form.fields["name"].disabled = True
    form.fields["name"].help_text = _("A desk keeps its name; add a new desk for a new name.")

    def save(data):
        _desk_save(request, desk.organisation, data, name=desk.name)

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("Change desk %(name)s") % {"name": desk.name}, **DESK_CONTEXT},
        save=save,
        done=_("Your changes are saved."),
        back=_organisation_url(desk.organisation),
    )


@manager_only
def line_visibility(request, contact_point_id):
    """Who may see a direct line. Step 1: the form; step 2 ("preview"): which teams of which
    organisations will newly see it and which no longer, with the values kept; step 3
    ("confirm"): saved. Nothing changes before the second, explicit step (decision 0053)."""
    point = selectors.contact_point(actor=request.actor, contact_point_id=contact_point_id)
    organisation = point.team.organisation
    teams = selectors.teams_by_organisation(actor=request.actor)
    initial = {
        "visibility": point.visibility,
        "organisations": [str(o.pk) for o in point.visible_to_organisations.all()],
        "teams": [str(t.pk) for t in point.visible_to_teams.all()],
    }
    form = forms.LineVisibilityForm(
        posted(request), teams=teams, owner=organisation, initial=initial
    )
    back = _organisation_url(organisation)
    preview = None
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if step == "confirm":
            try:
                directory.contact_point_set_visibility(
                    contact_point=point, actor=request.actor, **data
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Who may see the direct line is saved."))
                return redirect(back)
        elif step == "preview":
            preview = selectors.line_visibility_preview(
                actor=request.actor, contact_point=point, **data
            )
    return render(
        request,
        "setup/line_visibility.html",
        {"point": point, "organisation": organisation, "form": form, "preview": preview,
         "back": back},
        status=400 if form.errors else 200,
    )  # fmt: skip
