"""Applications the citizen is waiting on: record one, see when the decision is due."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.applications import selectors, services
from eenloket.backoffice.intake_forms import DATE_ERRORS, DATE_INPUT, NO_CHOICE, UtrechtForm
from eenloket.backoffice.views.intake import _add_error
from eenloket.consent import access
from eenloket.core.errors import DomainError, NotFoundOrForbidden
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
        return access.case_for(request.actor, case_id, needs=("case_notes",))
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None


@login_required
def applications(request, case_id):
    case = _case(request, case_id)
    form = ApplicationForm(
        request.POST or None, organisations=directory_selectors.organisations_for_choice()
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
