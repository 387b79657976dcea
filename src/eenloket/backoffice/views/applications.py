"""Applications the citizen is waiting on: record one, see when the decision is due."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.access import casework
from eenloket.applications import selectors, services
from eenloket.applications import states as application_states
from eenloket.backoffice.intake_forms import DATE_ERRORS, DATE_INPUT, NO_CHOICE, UtrechtForm
from eenloket.backoffice.views.intake import _add_error
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.directory import selectors as directory_selectors


class ApplicationForm(UtrechtForm):
    organisation = forms.ChoiceField(
        label=gettext_lazy("Organisation"),
        error_messages={"required": gettext_lazy("Choose the organisation.")},
    )
    what = forms.CharField(
        label=gettext_lazy("What was applied for"),
        max_length=200,
        error_messages={"required": gettext_lazy("Say what was applied for.")},
    )
    filed_on = forms.DateField(
        label=gettext_lazy("Filed on"),
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS | {"required": gettext_lazy("Give the filing date.")},
    )
    term_value = forms.IntegerField(
        label=gettext_lazy("Decision term (leave empty: the scheme's term or 8 weeks)"),
        required=False,
        min_value=1,
        max_value=520,
    )
    term_unit = forms.ChoiceField(
        label=gettext_lazy("Unit"),
        required=False,
        choices=[("weeks", gettext_lazy("weeks")), ("days", gettext_lazy("days"))],
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = NO_CHOICE + [
            (str(o.pk), o.name) for o in organisations
        ]


def _case(request, case_id):
    try:
        return casework.case_for(request.actor, case_id, needs=("case_notes",))
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None


@login_required
def applications(request, case_id):
    case = _case(request, case_id)
    form = ApplicationForm(
        posted(request), organisations=directory_selectors.organisations_for_choice()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = directory_selectors.organisation(data["organisation"])
            if organisation is None:
                raise DomainError(_("Choose the organisation."), field="organisation")
            services.application_record(
                case=case,
                organisation=organisation,
                what=data["what"],
                filed_on=data["filed_on"],
                term_value=data["term_value"],
                term_unit=data["term_unit"] or "weeks",
                actor=request.actor,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The application is recorded."))
            return redirect("backoffice:applications", case.pk)
    return render(
        request,
        "backoffice/applications.html",
        {"case": case, "form": form, "applications": selectors.applications_of(case)},
        status=400 if request.method == "POST" else 200,
    )


class SuspensionForm(UtrechtForm):
    start = forms.DateField(
        label=gettext_lazy("The term stood still from"),
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS | {"required": gettext_lazy("Give the first day.")},
    )
    end = forms.DateField(
        label=gettext_lazy("until (the day the information reached the organisation)"),
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS | {"required": gettext_lazy("Give the last day.")},
    )


class ExtensionForm(UtrechtForm):
    days = forms.IntegerField(
        label=gettext_lazy("The organisation put off its decision by (days)"),
        min_value=1,
        max_value=365,
        error_messages={
            "required": gettext_lazy("Give the number of days."),
            "invalid": gettext_lazy("Give the extension in days, from 1 to 365."),
            "min_value": gettext_lazy("Give the extension in days, from 1 to 365."),
            "max_value": gettext_lazy("Give the extension in days, from 1 to 365."),
        },
    )


class DecisionForm(UtrechtForm):
    decided_on = forms.DateField(
        label=gettext_lazy("Decided on"),
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS | {"required": gettext_lazy("Give the decision date.")},
    )
    outcome = forms.CharField(
        label=gettext_lazy("Outcome, in a few words"), max_length=300, required=False
    )


class WithdrawalForm(UtrechtForm):
    reason = forms.CharField(
        label=gettext_lazy("Why the citizen withdrew it"), max_length=300, required=False
    )


# Each form on the page, by the name of its submit button's "action": the form and the write.
APPLICATION_ACTIONS = {
    "suspend": (
        SuspensionForm,
        lambda a, data, actor: services.application_suspend(application=a, actor=actor, **data),
        gettext_lazy("The period is recorded; the expected date moved."),
    ),
    "extend": (
        ExtensionForm,
        lambda a, data, actor: services.application_extend(application=a, actor=actor, **data),
        gettext_lazy("The extension is recorded; the expected date moved."),
    ),
    "decide": (
        DecisionForm,
        lambda a, data, actor: services.application_decided(application=a, actor=actor, **data),
        gettext_lazy("The decision is recorded."),
    ),
    "withdraw": (
        WithdrawalForm,
        lambda a, data, actor: services.application_withdraw(application=a, actor=actor, **data),
        gettext_lazy("The withdrawal is recorded."),
    ),
}


@login_required
def application_detail(request, case_id, application_id):
    case = _case(request, case_id)
    application = selectors.application_of(case, application_id)
    if application is None:
        raise Http404(NotFoundOrForbidden().message)
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and action not in APPLICATION_ACTIONS:
        messages.error(request, _("Choose what to record."))
        return redirect("backoffice:application_detail", case.pk, application.pk)
    # The page offers what the application's table allows in its state (applications/states.py).
    offered = application_states.MACHINE.actions(application.state)
    forms_by_action = {
        name: form_class(request.POST if name == action else None, prefix=name)
        for name, (form_class, _save, _done) in APPLICATION_ACTIONS.items()
        if name in offered
    }
    if action and action not in forms_by_action:
        messages.error(request, _("This application is no longer waiting for a decision."))
        return redirect("backoffice:application_detail", case.pk, application.pk)
    if action:
        form = forms_by_action[action]
        _form_class, save, done = APPLICATION_ACTIONS[action]
        if form.is_valid():
            try:
                save(application, form.cleaned_data, request.actor)
            except DomainError as error:
                _add_error(form, error)
            else:
                messages.success(request, done)
                return redirect("backoffice:application_detail", case.pk, application.pk)
    return render(
        request,
        "backoffice/application_detail.html",
        {"case": case, "application": application, "forms": forms_by_action, "action": action},
        status=400 if action else 200,
    )
