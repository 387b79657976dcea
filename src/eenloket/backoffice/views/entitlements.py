"""The entitlement check: the situation in structured facts, and what the person may be
entitled to but has not claimed (docs/entitlements.md)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.access import casework
from eenloket.backoffice.intake_forms import DATE_ERRORS, DATE_INPUT, UtrechtForm
from eenloket.backoffice.views.intake import _add_error
from eenloket.cases import selectors as case_selectors
from eenloket.cases import services as case_services
from eenloket.cases.fact_keys import FACT_KEYS, YES_NO
from eenloket.core import clock
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.entitlements import rules, selectors
from eenloket.entitlements.situation import Situation

YES_NO_CHOICES = [("", "—"), ("1", gettext_lazy("yes")), ("0", gettext_lazy("no"))]


def field_name(key: str) -> str:
    return key.replace(".", "__")


class _SituationBase(UtrechtForm):
    as_of = forms.DateField(
        label=gettext_lazy("These facts apply as of"),
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS
        | {"required": gettext_lazy("Give the date the facts apply to.")},
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=300,
        help_text=gettext_lazy("Where it comes from: a letter, the citizen, a decision."),
        error_messages={
            "required": gettext_lazy("Say where the facts come from (a letter, the citizen, …).")
        },
    )


def _fact_field(fact_key) -> forms.Field:
    if fact_key.kind == YES_NO:
        return forms.ChoiceField(
            label=fact_key.label, help_text=fact_key.help, choices=YES_NO_CHOICES, required=False
        )
    # Text, not a number field: "1.250,50" and "€ 1250" are read by the service, which says
    # clearly what is wrong with anything else.
    return forms.CharField(
        label=fact_key.label, help_text=fact_key.help, required=False, max_length=20
    )


# One field per structured fact; an empty field changes nothing.
SituationForm = type(
    "SituationForm",
    (_SituationBase,),
    {field_name(key): _fact_field(fact_key) for key, fact_key in FACT_KEYS.items()},
)


def _case(request, case_id):
    """Only the owning organisation checks entitlements (entitlements/selectors.may_check);
    a partner's attempt is refused and logged by the policy point."""
    try:
        return casework.case_for_owner(request.actor, case_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None


@login_required
def entitlements(request, case_id):
    case = _case(request, case_id)
    facts = case_selectors.structured_facts(case, own_team=request.actor.membership.team_id)
    situation = Situation.from_facts(facts, on=clock.today())
    initial = {"as_of": clock.today(), "source": ""}
    for key, known in situation.facts.items():
        value = known.amount
        initial[field_name(key)] = str(int(value)) if FACT_KEYS[key].kind != "money" else value
    form = SituationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = case_services.structured_facts_record(
                case=case,
                values={key: data[field_name(key)] for key in FACT_KEYS},
                current={key: known.amount for key, known in situation.facts.items()},
                as_of=data["as_of"],
                source=data["source"],
                actor=request.actor,
            )
        except DomainError as error:
            if error.field in FACT_KEYS:
                error = DomainError(error.message, field=field_name(error.field))
            _add_error(form, error)
        else:
            messages.success(
                request,
                _("%(n)s facts recorded.") % {"n": changed} if changed else _("Nothing changed."),
            )
            return redirect("backoffice:entitlements", case.pk)
    findings = selectors.findings_for(case, facts)
    return render(
        request,
        "backoffice/entitlements.html",
        {
            "case": case,
            "form": form,
            "fact_fields": [form[field_name(k)] for k in FACT_KEYS],
            "findings": findings,
            "outcomes": rules,
        },
        status=400 if request.method == "POST" else 200,
    )
