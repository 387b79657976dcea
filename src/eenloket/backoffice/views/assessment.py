"""The support assessment of a case: record one, see the change over time."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.access import casework
from eenloket.assessment import rules, selectors, services
from eenloket.backoffice.intake_forms import UtrechtForm
from eenloket.backoffice.views.intake import _add_error
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted

SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in rules.SCORES]


class AssessmentForm(UtrechtForm):
    capacity = forms.ChoiceField(
        label=gettext_lazy("Capacity to plan, act and persevere (doenvermogen)"),
        choices=[("", "—"), *rules.CAPACITY.items()],
        error_messages={"required": gettext_lazy("Choose the capacity to act.")},
    )
    capacity_rationale = forms.CharField(
        label=gettext_lazy("Why (your own words)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Explain the capacity to act.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in rules.DOMAINS.items():
            self.fields[f"score_{key}"] = forms.ChoiceField(
                label=_("%(domain)s: score (1 to 5)") % {"domain": label},
                choices=SCORE_CHOICES,
                error_messages={"required": _("Score this domain.")},
                widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
            )
            self.fields[f"why_{key}"] = forms.CharField(
                label=_("%(domain)s: why (your own words)") % {"domain": label},
                widget=forms.Textarea(
                    attrs={"rows": 1, "class": "utrecht-textarea utrecht-textarea--html-textarea"}
                ),
                error_messages={"required": _("Explain this score.")},
            )
        # capacity last, after the domains
        self.order_fields([*(f for k in rules.DOMAINS for f in (f"score_{k}", f"why_{k}"))])


def _case(request, case_id):
    try:
        return casework.case_for(request.actor, case_id, needs=("case_notes", "health"))
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None


@login_required
def assessment(request, case_id):
    case = _case(request, case_id)
    form = AssessmentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(
                case=case,
                scores={k: int(data[f"score_{k}"]) for k in rules.DOMAINS},
                rationales={k: data[f"why_{k}"] for k in rules.DOMAINS},
                capacity=data["capacity"],
                capacity_rationale=data["capacity_rationale"],
                actor=request.actor,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The assessment is saved."))
            return redirect("backoffice:assessment", case.pk)
    history = selectors.history(case)
    return render(
        request,
        "backoffice/assessment.html",
        {
            "case": case,
            "form": form,
            "history": history,
            "levels": rules.LEVELS,
            "chart": {"width": selectors.CHART_WIDTH, "height": selectors.CHART_HEIGHT},
        },
        status=400 if request.method == "POST" else 200,
    )
