"""The figures (docs/insights.md): the dashboard with its filters, charts and tables, and CSV.

Who sees which part is the policy point's rule (``access/insights.py``); the figures
themselves are anonymous aggregates with small cells suppressed (``insights/figures.py``).
"""

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.access import insights as insights_access
from eenloket.backoffice.intake_forms import DATE_ERRORS, DATE_INPUT, NO_CHOICE, UtrechtForm
from eenloket.core import clock
from eenloket.core.errors import DomainError
from eenloket.directory.models import Municipality, Organisation, Team
from eenloket.insights import charts, export, figures, reports
from eenloket.insights.figures import stored


def _months() -> list[tuple[str, str]]:
    """This month (so far, computed live) and the closed months of the nightly report."""
    this = clock.today().replace(day=1)
    return [(this.isoformat()[:7], _("This month, so far"))] + [
        (first.isoformat()[:7], formats.date_format(first, "F Y"))
        for first in stored.closed_months(reports.MONTHS)
    ]


class FilterForm(UtrechtForm):
    month = forms.ChoiceField(
        label=gettext_lazy("Month"),
        required=False,
        help_text=gettext_lazy(
            "Or choose a period with the dates below. Without either: the last whole month."
        ),
    )
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    end = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    municipality = forms.ChoiceField(label=gettext_lazy("Municipality"), required=False)
    organisation = forms.ChoiceField(label=gettext_lazy("Organisation"), required=False)
    team = forms.ChoiceField(label=gettext_lazy("Team"), required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = NO_CHOICE + _months()
        self.fields["municipality"].choices = NO_CHOICE + [
            (str(m.pk), m.name) for m in Municipality.objects.order_by("name")
        ]
        organisations = Organisation.objects.order_by("name")
        teams = Team.objects.select_related("organisation").order_by("organisation__name", "name")
        if not scope.everything:
            organisations = organisations.filter(pk=scope.organisation_id)
            teams = teams.filter(organisation_id=scope.organisation_id)
            self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
            self.fields["organisation"].help_text = _("You see the figures of your organisation.")
        else:
            self.fields["organisation"].choices = NO_CHOICE + [
                (str(o.pk), o.name) for o in organisations
            ]
        self.fields["team"].choices = NO_CHOICE + [
            (str(t.pk), f"{t.organisation.name} — {t.name}") for t in teams
        ]

    def clean(self):
        data = super().clean()
        if data.get("month") and (data.get("start") or data.get("end")):
            raise forms.ValidationError(_("Choose a month or a period with dates, not both."))
        return data

    def filters(self) -> figures.Filters:
        """The month chosen (the open one up to today), else the dates, else the last whole
        month: what the nightly report holds (decision 0050)."""
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if data.get("month") or not (start or end):
            first = (
                dt.date.fromisoformat(data["month"] + "-01")
                if data.get("month")
                else stored.closed_months(1)[0]
            )
            start, end = stored.month_bounds(first)
            end = min(end, clock.today())
        return figures.Filters(
            start=start,
            end=end,
            municipality_id=data.get("municipality") or None,
            organisation_id=data.get("organisation") or None,
            team_id=data.get("team") or None,
        )


def _scope(request):
    scope = insights_access.figures_scope(request.actor)
    if scope is None:
        raise Http404(_("Not found."))
    return scope


def _board(request, scope):
    form = FilterForm(request.GET or {}, scope=scope)
    board = None
    if form.is_valid():
        try:
            board = figures.dashboard(scope, form.filters())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    return form, board


@login_required
def dashboard(request):
    scope = _scope(request)
    form, board = _board(request, scope)
    items = []
    if board is not None:
        items = [(figure, charts.bar_chart(figure, board.k)) for figure in board.figures]
    start, end = board.filters.bounds() if board else (None, None)
    return render(
        request,
        "backoffice/insights.html",
        {
            "form": form,
            "board": board,
            "items": items,
            "start": start,
            "end": end,
            "last_day": (end - dt.timedelta(days=1)) if end else None,
            "query": request.GET.urlencode(),
            "today": clock.today(),
        },
        status=200 if board is not None else 400,
    )


@login_required
def dashboard_csv(request):
    scope = _scope(request)
    form, board = _board(request, scope)
    if board is None:
        return HttpResponse(
            "; ".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(export.dashboard_csv(board), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="eenloket-cijfers-{clock.today().isoformat()}.csv"'
    )
    return response
