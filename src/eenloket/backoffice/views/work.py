"""The worker's own screens: the worklist and a case."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eenloket.access import capabilities, casework
from eenloket.access import handovers as handover_access
from eenloket.access import overdue as overdue_access
from eenloket.accounts.middleware import SESSION_MEMBERSHIP
from eenloket.backoffice.forms import MembershipForm
from eenloket.calendars import desk_days
from eenloket.cases import selectors as case_selectors
from eenloket.core import clock


@login_required
def home(request):
    actor = request.actor
    return render(
        request,
        "backoffice/home.html",
        {
            "worklist": case_selectors.worklist(actor=actor),
            "overdue": casework.overdue_applications(actor),
            "overdue_actions": overdue_access.overdue_actions(
                actor, due_before=desk_days.overdue_before(clock.today())
            ),
            "handover_news": handover_access.sender_news(actor),
            "does_casework": capabilities.does_casework(actor),
        },
    )


# How a worklist can be sorted; "urgent" puts what is due today first (#25).
WORKLIST_SORTS = {
    "urgent": gettext_lazy("Due today first"),
    "due": gettext_lazy("Due date"),
    "name": gettext_lazy("Name"),
    "opened": gettext_lazy("Newest question first"),
}


def _sorted(cases: list, sort: str) -> list:
    today = clock.today()
    if sort == "name":
        return sorted(cases, key=lambda c: (c.person.surname.lower(), c.person.given_names))
    if sort == "opened":
        return sorted(cases, key=lambda c: c.opened_at, reverse=True)
    if sort == "due":
        return sorted(cases, key=lambda c: (c.next_step_due or dt.date.min, c.opened_at))

    def urgency(case):
        due = case.next_step_due
        if due == today:
            return (0, due)
        if due is None:
            return (1, dt.date.min)
        return (2, due) if due < today else (3, due)

    return sorted(cases, key=lambda c: (*urgency(c), c.opened_at))


@login_required
def worklists(request):
    """The team's worklists with their counts; one or all of them, sorted as the worker
    chooses (due today first by default). Links work without JavaScript."""
    actor = request.actor
    lists = case_selectors.worklists(actor=actor)
    sort = request.GET.get("volgorde", "urgent")
    sort = sort if sort in WORKLIST_SORTS else "urgent"
    all_lists = [
        ("mine", _("My open cases"), _sorted(lists.mine, sort)),
        ("attention", _("No dated next step, or overdue"), _sorted(lists.attention, sort)),
        ("waiting", _("Waiting for the citizen"), _sorted(lists.waiting_on_citizen, sort)),
        ("new", _("New questions nobody picked up"), _sorted(lists.not_picked_up, sort)),
    ]
    shown = request.GET.get("lijst", "")
    shown = shown if shown in {key for key, _title, _cases in all_lists} else ""
    today = clock.today()
    due_today = {
        c.pk for _key, _title, cases in all_lists for c in cases if c.next_step_due == today
    }
    return render(
        request,
        "backoffice/worklists.html",
        {
            "does_casework": capabilities.does_casework(actor),
            "lists": [row for row in all_lists if not shown or row[0] == shown],
            "filters": [(key, title, len(cases)) for key, title, cases in all_lists],
            "shown": shown,
            "sort": sort,
            "sorts": WORKLIST_SORTS.items(),
            "due_today": len(due_today),
            "today": today,
        },
    )


@login_required
@require_POST
def switch_membership(request):
    form = MembershipForm(request.POST)
    chosen = None
    if form.is_valid():
        chosen = next(
            (m for m in request.memberships if m.pk == form.cleaned_data["membership"]), None
        )
    if chosen is None:
        messages.error(request, _("You cannot work as this membership."))
    else:
        request.session[SESSION_MEMBERSHIP] = str(chosen.pk)
        messages.success(request, _("You now work as: %s") % chosen)
    return redirect("backoffice:home")
