"""The worker's own screens: the worklist and a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.accounts.middleware import SESSION_MEMBERSHIP
from eenloket.backoffice.forms import MembershipForm
from eenloket.cases import selectors as case_selectors
from eenloket.consent import access
from eenloket.core.errors import NotFoundOrForbidden


@login_required
def home(request):
    actor = request.actor
    return render(
        request,
        "backoffice/home.html",
        {
            "worklist": case_selectors.worklist(actor=actor),
            "does_casework": access.does_casework(actor),
        },
    )


@login_required
def case_detail(request, case_id):
    try:
        case = access.case_for(request.actor, case_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    return render(request, "backoffice/case_detail.html", {"case": case})


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
