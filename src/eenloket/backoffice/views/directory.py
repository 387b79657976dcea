"""The sociale kaart for workers: search, scheme, organisation, direct line and life event
pages, and the synonyms application managers keep. Reads through directory.selectors, writes
through directory.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.access import capabilities
from eenloket.backoffice.forms import (
    YES_NO,
    CapacityForm,
    DirectoryEditForm,
    DirectorySearchForm,
    SynonymForm,
)
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.core.replica import replica_reads
from eenloket.directory import selectors, services
from eenloket.directory.models import CapacityStatus, Organisation, Service, TermUnit
from eenloket.directory.search import Filters


@login_required
@replica_reads
def search(request):
    options = selectors.filter_options()
    form = DirectorySearchForm(request.GET or None, options=options)
    results = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = Filters(
            life_event=data["life_event"],
            need=data["need"],
            organisation_kind=data["kind"],
            municipality=data["municipality"],
        )
        if data["q"].strip() or filters.any:
            results = selectors.search(actor=request.actor, text=data["q"], filters=filters)
    context = {"form": form, "results": results}
    template = "backoffice/directory/search.html"
    if request.htmx:
        template = "backoffice/directory/_results.html"
    return render(request, template, context, status=400 if form.errors else 200)


def _or_404(call, **kwargs):
    try:
        return call(**kwargs)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None


@login_required
def scheme_detail(request, service_id):
    service = _or_404(selectors.scheme_detail, actor=request.actor, service_id=service_id)
    return render(
        request,
        "backoffice/directory/scheme.html",
        {
            "service": service,
            "scheme": getattr(service, "scheme", None),
            "history": selectors.change_history(actor=request.actor, resource_id=service.pk),
            "may_edit": capabilities.may_maintain_directory(request.actor),
        },
    )


@login_required
def organisation_detail(request, organisation_id):
    organisation = _or_404(
        selectors.organisation_detail, actor=request.actor, organisation_id=organisation_id
    )
    contact_points = [p for team in organisation.teams.all() for p in team.contact_points.all()]
    return render(
        request,
        "backoffice/directory/organisation.html",
        {
            "organisation": organisation,
            "contact_points": contact_points,
            "may_edit": capabilities.may_maintain_directory(request.actor),
        },
    )


@login_required
def contact_point_detail(request, contact_point_id):
    point = _or_404(
        selectors.contact_point_detail, actor=request.actor, contact_point_id=contact_point_id
    )
    form = None
    if capabilities.may_set_line_capacity(request.actor, point):
        form = CapacityForm(
            choices=CapacityStatus.choices,
            initial={
                "capacity": point.capacity,
                "expected_wait_days": point.expected_wait_days,
                "note": point.capacity_note,
            },
        )
    return render(
        request,
        "backoffice/directory/contact_point.html",
        {
            "point": point,
            "form": form,
            "may_edit": capabilities.may_maintain_directory(request.actor),
        },
    )


@login_required
@require_POST
def contact_point_capacity(request, contact_point_id):
    point = _or_404(
        selectors.contact_point_detail, actor=request.actor, contact_point_id=contact_point_id
    )
    form = CapacityForm(request.POST, choices=CapacityStatus.choices)
    if form.is_valid():
        try:
            services.contact_point_set_capacity(
                contact_point=point,
                capacity=form.cleaned_data["capacity"],
                expected_wait_days=form.cleaned_data["expected_wait_days"],
                note=form.cleaned_data["note"],
                actor=request.actor,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The capacity of this direct line is saved."))
            return redirect("backoffice:directory_contact_point", point.pk)
    return render(
        request,
        "backoffice/directory/contact_point.html",
        {"point": point, "form": form},
        status=400,
    )


@login_required
def life_event_detail(request, key):
    life_event = _or_404(selectors.life_event_detail, actor=request.actor, key=key)
    return render(request, "backoffice/directory/life_event.html", {"life_event": life_event})


@login_required
def synonyms(request):
    if not capabilities.may_maintain_directory(request.actor):
        raise Http404(_("This item does not exist or you have no access to it."))
    form = SynonymForm(posted(request))
    if request.method == "POST":
        if "delete" in request.POST:
            synonym = selectors.synonym_by_id(
                actor=request.actor, synonym_id=request.POST["delete"]
            )
            if synonym is not None:
                services.synonym_delete(synonym=synonym, actor=request.actor)
                messages.success(request, _("The synonym is removed."))
            return redirect("backoffice:directory_synonyms")
        if form.is_valid():
            try:
                services.synonym_save(actor=request.actor, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The synonym is saved."))
                return redirect("backoffice:directory_synonyms")
    return render(
        request,
        "backoffice/directory/synonyms.html",
        {"form": form, "synonyms": selectors.synonyms(actor=request.actor)},
        status=400 if form.errors else 200,
    )


# --- maintenance by application managers: every save goes through the directory's services ---

SERVICE_EDIT = (
    "name", "name_en", "alternate_name", "status", "description", "description_en",
    "eligibility_description", "eligibility_description_en", "application_process",
    "application_process_en", "minimum_age", "maximum_age", "url", "keywords", "source_url",
    "checked_on",
)  # fmt: skip
SCHEME_EDIT = (
    "gives", "gives_en", "decision_term", "decision_term_unit", "decision_term_start",
    "decision_term_start_en", "legal_source", "legal_source_url", "acts_by_itself",
    "acts_by_itself_note", "acts_by_itself_note_en",
)  # fmt: skip
ORGANISATION_EDIT = (
    "name", "alternate_name", "kind", "oin", "description", "description_en", "website",
    "email", "source_url", "checked_on",
)  # fmt: skip
CONTACT_POINT_EDIT = (
    "name", "description", "description_en", "phone", "email", "topics", "service_level_hours",
)  # fmt: skip
LONG = {
    "description", "description_en", "eligibility_description", "eligibility_description_en",
    "application_process", "application_process_en", "keywords", "gives", "gives_en", "topics",
}  # fmt: skip


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _edit(request, *, rows, name, back_url, save, choices):
    """Show and handle an edit form for (row, field names) pairs; ``save`` gets the changes."""
    if not capabilities.may_maintain_directory(request.actor):
        raise Http404(_("This item does not exist or you have no access to it."))
    model_fields = [
        (field, capfirst(row._meta.get_field(field).verbose_name))
        for row, fields in rows
        for field in fields
    ]
    initial = {field: _as_text(getattr(row, field)) for row, fields in rows for field in fields}
    form = DirectoryEditForm(
        posted(request),
        model_fields=model_fields,
        initial=initial,
        choices=choices,
        long=LONG,
    )
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(back_url)
    return render(
        request,
        "backoffice/directory/edit.html",
        {"form": form, "name": name, "back_url": back_url},
        status=400 if form.errors else 200,
    )


@login_required
def scheme_edit(request, service_id):
    service = _or_404(selectors.scheme_detail, actor=request.actor, service_id=service_id)
    scheme = getattr(service, "scheme", None)
    rows = [(service, SERVICE_EDIT)] + ([(scheme, SCHEME_EDIT)] if scheme else [])
    choices = {
        "status": Service.Status.choices,
        "decision_term_unit": [("", "—"), *TermUnit.choices],
        "acts_by_itself": YES_NO,
    }

    def save(data):
        services.service_update(service=service, actor=request.actor, **data)

    return _edit(
        request,
        rows=rows,
        name=service.display_name,
        back_url=reverse("backoffice:directory_scheme", args=[service.pk]),
        save=save,
        choices=choices,
    )


@login_required
def organisation_edit(request, organisation_id):
    organisation = _or_404(
        selectors.organisation_detail, actor=request.actor, organisation_id=organisation_id
    )

    def save(data):
        services.organisation_update(organisation=organisation, actor=request.actor, **data)

    return _edit(
        request,
        rows=[(organisation, ORGANISATION_EDIT)],
        name=organisation.name,
        back_url=reverse("backoffice:directory_organisation", args=[organisation.pk]),
        save=save,
        choices={"kind": Organisation.Kind.choices},
    )


@login_required
def contact_point_edit(request, contact_point_id):
    point = _or_404(
        selectors.contact_point_detail, actor=request.actor, contact_point_id=contact_point_id
    )

    def save(data):
        services.contact_point_update(contact_point=point, actor=request.actor, **data)

    return _edit(
        request,
        rows=[(point, CONTACT_POINT_EDIT)],
        name=point.name,
        back_url=reverse("backoffice:directory_contact_point", args=[point.pk]),
        save=save,
        choices={},
    )
