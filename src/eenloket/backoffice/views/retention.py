"""Retention for the privacy officer (#23): the table of terms, what the next run would delete
(a dry run), and the legal holds: place one on a dossier, release one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eenloket.access import legal_holds
from eenloket.backoffice.intake_forms import UtrechtForm
from eenloket.core import clock
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.retention import services
from eenloket.retention.models import HoldKind
from eenloket.retention.periods import RULES


class HoldForm(UtrechtForm):
    case = forms.UUIDField(
        label=gettext_lazy("Case (id)"),
        error_messages={
            "required": gettext_lazy("Give the id of the case."),
            "invalid": gettext_lazy("A case id looks like 0190f2c4-…: 32 characters."),
        },
    )
    kind = forms.ChoiceField(label=gettext_lazy("Why"), choices=HoldKind.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=300,
        error_messages={"required": gettext_lazy("Say why the dossier must be kept.")},
    )
    until = forms.DateField(
        label=gettext_lazy("Keep until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": gettext_lazy("Give the date until which it must be kept."),
            "invalid": gettext_lazy("Give a date like 31-12-2027."),
        },
    )


def _or_404(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except NotFoundOrForbidden:
        raise Http404() from None


@login_required
def retention(request):
    holds = _or_404(legal_holds.legal_holds, request.actor)
    form = HoldForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case = legal_holds.case_to_hold(request.actor, form.cleaned_data["case"])
            except NotFoundOrForbidden:
                form.add_error("case", _("There is no case with this id."))
            else:
                try:
                    services.legal_hold_place(
                        case=case,
                        kind=form.cleaned_data["kind"],
                        reason=form.cleaned_data["reason"],
                        until=form.cleaned_data["until"],
                        actor=request.actor,
                    )
                except DomainError as error:
                    form.add_error(error.field or None, error.message)
                else:
                    messages.success(request, _("The dossier is kept until the date you gave."))
                    return redirect("backoffice:retention")
    report = services.retention_apply(dry_run=True)
    return render(
        request,
        "backoffice/retention.html",
        {
            "rules": RULES,
            "holds": holds,
            "form": form,
            "report": report,
            "today": clock.today(),
        },
        status=status,
    )


@login_required
@require_POST
def legal_hold_release(request, hold_id):
    hold = _or_404(legal_holds.legal_hold_for, request.actor, hold_id)
    services.legal_hold_release(hold=hold, actor=request.actor)
    messages.success(request, _("The hold is released: retention applies again."))
    return redirect("backoffice:retention")
