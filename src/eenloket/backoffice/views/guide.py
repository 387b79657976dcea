"""The life-event guide of a case: dates of the events, and what to arrange."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.access import casework, disclosure
from eenloket.backoffice.intake_forms import DATE_ERRORS, DATE_INPUT, UtrechtForm
from eenloket.cases import selectors as case_selectors
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.entitlements import selectors as entitlement_selectors
from eenloket.guide import selectors, services


class EventDateForm(UtrechtForm):
    occurred_on = forms.DateField(
        label=_("Date of the event"),
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS | {"required": _("Give the date of the event.")},
    )


def _case(request, case_id):
    try:
        return casework.case_for(request.actor, case_id, needs=("case_notes",))
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None


@login_required
def guide(request, case_id):
    case = _case(request, case_id)
    sections = selectors.guide_for(case)
    for section in sections:
        section.form = EventDateForm(
            initial={"occurred_on": section.occurred_on}, prefix=section.key
        )
    signals = []
    if disclosure.may_check_entitlements(case):
        facts = case_selectors.structured_facts(case, own_team=request.actor.membership.team_id)
        signals = entitlement_selectors.signals(entitlement_selectors.findings_for(case, facts))
    return render(
        request,
        "backoffice/guide.html",
        {
            "case": case,
            "sections": sections,
            "may_check_entitlements": disclosure.may_check_entitlements(case),
            "entitlement_signals": signals,
        },
    )


@login_required
@require_POST
def event_date(request, case_id, key):
    case = _case(request, case_id)
    form = EventDateForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            services.life_event_date_set(
                case=case,
                key=key,
                occurred_on=form.cleaned_data["occurred_on"],
                actor=request.actor,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The date is saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("backoffice:guide", case.pk)


@login_required
@require_POST
def item(request, case_id, task_id):
    case = _case(request, case_id)
    version = request.POST.get("version", "")
    try:
        services.guide_item_set(
            case=case,
            task_id=task_id,
            state=request.POST.get("state", ""),
            expected_version=int(version) if version.isdigit() else -1,
            actor=request.actor,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("backoffice:guide", case.pk)
