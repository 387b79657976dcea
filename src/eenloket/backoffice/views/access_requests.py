"""Asking access to a case another team owns, and deciding on it (coordinators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.access import access_requests as request_access
from eenloket.access import capabilities
from eenloket.backoffice.form_views import form_page
from eenloket.backoffice.intake_forms import AccessDecisionForm, AccessRequestForm
from eenloket.backoffice.views.intake import SESSION_FOUND, _add_error, _need_casework
from eenloket.cases import services as case_services
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted


def _not_found(error):
    raise Http404(error.message) from None


@login_required
def access_requests(request):
    """The requests to decide on (coordinators) and the ones the worker's team made."""
    _need_casework(request)
    return render(
        request,
        "backoffice/access_requests.html",
        {
            "to_decide": request_access.access_requests_to_decide(request.actor),
            "asked": request_access.access_requests_of_team(request.actor),
            "is_coordinator": capabilities.may_decide_access_requests(request.actor),
        },
    )


@login_required
def access_request_new(request, person_id):
    """Ask access to an open case of a person just found whom the team does not work with."""
    actor = request.actor
    just_found = request.session.get(SESSION_FOUND, [])
    try:
        cases = request_access.cases_to_ask_access_for(actor, person_id, just_found=just_found)
    except NotFoundOrForbidden as error:
        _not_found(error)
    form = AccessRequestForm(posted(request), cases=[c for c in cases if not c.asked])
    if request.method == "POST" and form.is_valid():
        try:
            case = request_access.case_for_access_request(
                actor, person_id, form.cleaned_data["case"], just_found=just_found
            )
            case_services.access_request_create(
                case=case, reason=form.cleaned_data["reason"], actor=actor
            )
        except NotFoundOrForbidden as error:
            _not_found(error)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your request is sent to the coordinator of the other team. You get a "
                    "notification with the answer."
                ),
            )
            return redirect("backoffice:access_requests")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "backoffice/access_request_form.html",
        {
            "cases": cases,
            "form": form,
            "person_id": person_id,
            "may_break_glass": capabilities.may_break_glass(request.actor),
        },
        status=status,
    )


@login_required
def access_request_decide(request, request_id):
    """A coordinator of the owning team grants or declines a request."""
    try:
        access_request = request_access.access_request_for_decision(request.actor, request_id)
    except NotFoundOrForbidden as error:
        _not_found(error)

    def save(data):
        try:
            case_services.access_request_decide(
                request=access_request,
                grant=data["decision"] == "grant",
                note=data["note"],
                actor=request.actor,
            )
        except NotFoundOrForbidden as error:
            _not_found(error)

    return form_page(
        request,
        AccessDecisionForm(posted(request)),
        save=save,
        success=_("Your decision is saved and your colleague is told."),
        then="backoffice:access_requests",
        template="backoffice/access_request_decide.html",
        context={"access_request": access_request},
    )


@login_required
@require_POST
def access_request_withdraw(request, request_id):
    try:
        access_request = request_access.own_access_request(request.actor, request_id)
        case_services.access_request_withdraw(request=access_request, actor=request.actor)
    except NotFoundOrForbidden as error:
        _not_found(error)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("backoffice:access_requests")
