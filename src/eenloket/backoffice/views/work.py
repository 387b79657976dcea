"""The worker's own screens: the worklist and a case."""

import datetime as dt
import uuid

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
    """The team's worklists: the first rows of each, or one list a page at a time (keyset,
    ``?lijst=…&na=…``), sorted as the worker chooses within the page (due today first by
    default). Links work without JavaScript."""
    actor = request.actor
    sort = request.GET.get("volgorde", "urgent")
    sort = sort if sort in WORKLIST_SORTS else "urgent"
    shown = request.GET.get("lijst", "")
    shown = shown if shown in case_selectors.WORKLIST_KEYS else ""
    after = _cursor(request.GET.get("na", "")) if shown else None
    limit = case_selectors.WORKLIST_PAGE if shown else case_selectors.WORKLIST_PREVIEW
    lists = case_selectors.worklists(actor=actor, limit=limit, only=shown, after=after)
    read = [
        ("mine", _("My open cases"), lists.mine),
        ("attention", _("No dated next step, or overdue"), lists.attention),
        ("waiting", _("Waiting for the citizen"), lists.waiting_on_citizen),
        ("new", _("New questions nobody picked up"), lists.not_picked_up),
    ]
    by_key = {key: cases for key, _title, cases in read if cases is not None}
    all_lists = [
        (key, title, _sorted(by_key[key], sort)) for key, title, _c in read if key in by_key
    ]
    today = clock.today()
    due_today = {
        c.pk for _key, _title, cases in all_lists for c in cases if c.next_step_due == today
    }
    # A full page may have more after it: a link to the next page (the list on its own).
    more = {key: len(cases) == limit for key, cases in by_key.items()}
    page_after = ""
    if shown and more[shown]:  # the last case in the urgency order, before sorting the page
        page_after = _cursor_text(case_selectors.worklist_cursor(by_key[shown][-1]))
    return render(
        request,
        "backoffice/worklists.html",
        {
            "does_casework": capabilities.does_casework(actor),
            "lists": all_lists,
            "more": {key for key, full in more.items() if full},
            "filters": [(key, title, _count(cases, limit)) for key, title, cases in read],
            "shown": shown,
            "sort": sort,
            "sorts": WORKLIST_SORTS.items(),
            "due_today": len(due_today),
            "today": today,
            "page_after": page_after,
            "paged": after is not None,
        },
    )


def _count(cases: list | None, limit: int) -> int | str:
    """What a list's tab says: how many it shows, "10+" when there may be more; "" unread."""
    if cases is None:
        return ""
    return f"{limit}+" if len(cases) == limit else len(cases)


def _cursor_text(values: tuple) -> str:
    due, opened_at, pk = values
    return f"{due.isoformat() if due else '-'}_{opened_at.isoformat()}_{pk}"


def _cursor(text: str) -> tuple | None:
    """The keyset cursor of ``?na=``; anything else than one we made starts at the first page."""
    try:
        due, opened_at, pk = text.split("_")
        return (
            None if due == "-" else dt.date.fromisoformat(due),
            dt.datetime.fromisoformat(opened_at),
            uuid.UUID(pk),
        )
    except ValueError:
        return None


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
