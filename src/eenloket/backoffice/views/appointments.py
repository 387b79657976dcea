"""Who comes to the desk when (the day list), and recording a call back (docs/appointments.md)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eenloket.access import appointments as appointment_access
from eenloket.appointments import selectors as appointment_selectors
from eenloket.appointments import services as appointment_services
from eenloket.backoffice import workspace
from eenloket.backoffice.form_views import form_page
from eenloket.backoffice.intake_forms import UtrechtForm
from eenloket.backoffice.views.case import _case
from eenloket.cases import citizen_texts
from eenloket.core import clock
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted


@login_required
def day_list(request):
    """The appointments at one of the organisation's desks on one day (default today)."""
    locations = appointment_selectors.worker_locations(request.actor)
    chosen = request.GET.get("locatie") or (str(locations[0].pk) if locations else "")
    day_value = request.GET.get("dag") or clock.today().isoformat()
    error, rows, day = "", [], None
    try:
        day = dt.date.fromisoformat(day_value)
    except ValueError:
        error = _("This is not a date: use the date picker or write it as 2026-12-01.")
    if day is not None and chosen:
        try:
            rows = appointment_access.desk_appointments(request.actor, chosen, day)
        except NotFoundOrForbidden as refused:
            raise Http404(refused.message) from None
    return render(
        request,
        "backoffice/appointments_day.html",
        {
            "locations": locations,
            "chosen": chosen,
            "day": day,
            "day_value": day_value,
            "rows": rows,
            "error": error,
            "now": clock.now(),
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def attendance(request):
    """Write down whether the citizen came, from the day list (found again through the policy
    point: the desk's own list of that day)."""
    location, day_value = request.POST.get("locatie", ""), request.POST.get("dag", "")
    try:
        day = dt.date.fromisoformat(day_value)
        rows = appointment_access.desk_appointments(request.actor, location, day)
    except (ValueError, NotFoundOrForbidden):
        raise Http404(_("This appointment was not found.")) from None
    chosen = next((r for r in rows if str(r.pk) == request.POST.get("afspraak", "")), None)
    if chosen is None or request.POST.get("kwam") not in ("ja", "nee"):
        raise Http404(_("This appointment was not found."))
    try:
        appointment_services.appointment_attendance_record(
            appointment=chosen, kept=request.POST["kwam"] == "ja", actor=request.actor
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Written down. Thank you."))
    return redirect(f"{reverse('backoffice:appointments_day')}?locatie={location}&dag={day_value}")


class CallbackDoneForm(UtrechtForm):
    summary = forms.CharField(
        label=gettext_lazy("What was said"), widget=forms.Textarea(attrs={"rows": 4})
    )
    summary_citizen_key = forms.ChoiceField(
        label=gettext_lazy("What the citizen reads about this call"),
        required=False,
        choices=[("", gettext_lazy("I write it myself, below"))]
        + [(key, citizen_texts.CONTACT_TEXTS[key]) for key in citizen_texts.CALL_BACK_TEXTS],
        help_text=gettext_lazy(
            "Translated into the citizen's language when they read it. Without a text they "
            "read: We called you."
        ),
    )
    summary_citizen = forms.CharField(
        label=gettext_lazy("Or write it for the citizen"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Plain words, “u”, in the citizen's language. What was said above is never "
            "shown to them."
        ),
    )
    next_step = forms.CharField(label=gettext_lazy("Next step"), max_length=500)
    next_step_due = forms.DateField(
        label=gettext_lazy("Next step due"), widget=forms.DateInput(attrs={"type": "date"})
    )


@login_required
def callback_done(request, case_id, callback_id):
    """Record the call back: what was said, and the case's next step."""
    case = _case(request, case_id, "contact", "case_notes")
    # Only the loket's own teams (the owning organisation) call back, like the case page shows.
    callback = (
        appointment_selectors.callback_of_case(case, callback_id) if case.disclosure.full else None
    )
    if callback is None:
        raise Http404(_("This call-back request was not found."))
    form = CallbackDoneForm(
        posted(request),
        initial={"next_step": case.next_step, "next_step_due": case.next_step_due},
    )
    return form_page(
        request,
        form,
        save=lambda data: appointment_services.callback_done(
            callback=callback, actor=request.actor, **data
        ),
        success=_("The call is recorded."),
        then=lambda: workspace.to_section(case.pk, "team"),
        template="backoffice/callback_done.html",
        context={"case": case, "callback": callback},
    )
