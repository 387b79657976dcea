"""The sociale kaart for workers: search, scheme, organisation, direct line and life event
pages, and the synonyms application managers keep. Reads through directory.selectors, writes
through directory.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.backoffice.forms import CapacityForm, DirectorySearchForm, SynonymForm
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.directory import selectors, services
from eenloket.directory.models import CapacityStatus
from eenloket.directory.search import Filters


@login_required
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
        {"organisation": organisation, "contact_points": contact_points},
    )


@login_required
def contact_point_detail(request, contact_point_id):
    point = _or_404(
        selectors.contact_point_detail, actor=request.actor, contact_point_id=contact_point_id
    )
    form = None
    if _may_set_capacity(request.actor, point):
        form = CapacityForm(
            choices=CapacityStatus.choices,
            initial={
                "capacity": point.capacity,
                "expected_wait_days": point.expected_wait_days,
                "note": point.capacity_note,
            },
        )
    return render(
        request, "backoffice/directory/contact_point.html", {"point": point, "form": form}
    )


def _may_set_capacity(actor, point) -> bool:
    return services.may_maintain(actor) or (
        actor.user is not None and actor.user.pk == point.coordinator_id
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
    if not services.may_maintain(request.actor):
        raise Http404(_("This item does not exist or you have no access to it."))
    form = SynonymForm(request.POST or None)
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
