"""The worker's own screens: the worklist and a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.access import capabilities, casework
from eenloket.accounts.middleware import SESSION_MEMBERSHIP
from eenloket.backoffice.forms import MembershipForm
from eenloket.cases import selectors as case_selectors


@login_required
def home(request):
    actor = request.actor
    return render(
        request,
        "backoffice/home.html",
        {
            "worklist": case_selectors.worklist(actor=actor),
            "overdue": casework.overdue_applications(actor),
            "does_casework": capabilities.does_casework(actor),
        },
    )


@login_required
def worklists(request):
    actor = request.actor
    lists = case_selectors.worklists(actor=actor)
    return render(
        request,
        "backoffice/worklists.html",
        {
            "does_casework": capabilities.does_casework(actor),
            "lists": [
                ("mine", _("My open cases"), lists.mine),
                ("attention", _("No dated next step, or overdue"), lists.attention),
                ("waiting", _("Waiting for the citizen"), lists.waiting_on_citizen),
                ("new", _("New questions nobody picked up"), lists.not_picked_up),
            ],
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
