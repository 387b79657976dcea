"""Signals ("knelpunten", docs/signals.md): report one (on a case or on its own), the
organisation concerned answers it, the reporter reads the answer; the quarterly report."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.access import casework
from eenloket.access import insights as insights_access
from eenloket.backoffice.intake_forms import NO_CHOICE, UtrechtForm
from eenloket.backoffice.signal_forms import SignalForm
from eenloket.backoffice.views.intake import _add_error
from eenloket.core import clock
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.directory import selectors as directory_selectors
from eenloket.signals import regulations, report, selectors, services
from eenloket.signals.models import State
from eenloket.signals.states import NEEDS_ANSWER, TRANSITIONS


@login_required
def signals(request):
    actor = request.actor
    start, _end = selectors.quarter_of(clock.today())
    return render(
        request,
        "backoffice/signals.html",
        {
            "mine": selectors.my_reports(actor),
            "inbox": selectors.inbox(actor),
            "everything": selectors.all_signals(actor),
            "may_report": insights_access.may_report_signal(actor),
            "may_see_all": insights_access.may_see_all_signals(actor),
            "quarter": f"{start.year}-{(start.month - 1) // 3 + 1}",
        },
    )


def _report_page(request, *, case=None):
    if not insights_access.may_report_signal(request.actor):
        raise Http404(_("Not found."))
    form = SignalForm(posted(request), organisations=directory_selectors.organisations_for_choice())
    if request.method == "POST" and form.is_valid():
        try:
            services.signal_report(
                what_happened=form.cleaned_data["what_happened"],
                case=case,
                actor=request.actor,
                **form.signal_values(),
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The signal goes to the organisation concerned; you see its "
                    "answer here."
                ),
            )
            return redirect("backoffice:signals")
    return render(
        request,
        "backoffice/signal_form.html",
        {"form": form, "case": case},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def signal_new(request):
    return _report_page(request)


@login_required
def case_signal_new(request, case_id):
    try:
        case = casework.case_for(request.actor, case_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    return _report_page(request, case=case)


class AnswerForm(UtrechtForm):
    target = forms.ChoiceField(
        label=gettext_lazy("New state"),
        error_messages={"required": gettext_lazy("Choose the new state.")},
    )
    answer = forms.CharField(
        label=gettext_lazy("Your answer to the reporters"),
        help_text=gettext_lazy(
            "Needed when it is solved or will not be changed: say what was done, or why not. "
            "Without personal data."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, signal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = NO_CHOICE + [
            (code, State(code).label) for code in TRANSITIONS[signal.state]
        ]


@login_required
def signal_detail(request, signal_id):
    try:
        signal = selectors.signal_for(request.actor, signal_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    may_answer = insights_access.may_answer_signal(request.actor, signal) and bool(
        TRANSITIONS[signal.state]
    )
    form = AnswerForm(posted(request), signal=signal) if may_answer else None
    if request.method == "POST":
        if form is None:
            raise Http404(_("Not found."))
        if form.is_valid():
            try:
                services.signal_transition(
                    signal=signal,
                    target=form.cleaned_data["target"],
                    answer=form.cleaned_data["answer"],
                    actor=request.actor,
                )
            except DomainError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Your answer is saved; the reporters are told."))
                return redirect("backoffice:signal_detail", signal.pk)
    return render(
        request,
        "backoffice/signal_detail.html",
        {
            "signal": signal,
            "regulation": regulations.BY_CODE.get(signal.regulation),
            "regulation_label": regulations.label(signal.regulation),
            "reports": list(signal.reports.select_related("reporter_team__organisation")),
            "events": _events(signal),
            "form": form,
            "needs_answer": [str(State(s).label) for s in NEEDS_ANSWER],
        },
        status=400 if request.method == "POST" else 200,
    )


def _events(signal) -> list:
    events = [e for e in signal.events.select_related("by_organisation") if e.target]
    for event in events:
        event.target_label = State(event.target).label if event.target in State.values else ""
    return events


def _quarter(request) -> tuple[dt.date, dt.date]:
    try:
        year = int(request.GET.get("jaar", clock.today().year))
        number = int(request.GET.get("kwartaal", (clock.today().month - 1) // 3 + 1))
        if not 1 <= number <= 4 or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        raise Http404(_("Give a year and a quarter from 1 to 4.")) from None
    return selectors.quarter_of(dt.date(year, 3 * number - 2, 1))


@login_required
def quarterly(request, form):
    try:
        start, end = _quarter(request)
        rows = selectors.quarterly_report(request.actor, start=start, end=end)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    name = f"knelpunten-{start.year}-Q{(start.month - 1) // 3 + 1}"
    if form == "csv":
        response = HttpResponse(
            report.report_csv(rows, start, end), content_type="text/csv; charset=utf-8"
        )
    elif form == "pdf":
        response = HttpResponse(report.report_pdf(rows, start, end), content_type="application/pdf")
    else:
        raise Http404(_("Not found."))
    response["Content-Disposition"] = f'attachment; filename="{name}.{form}"'
    return response
