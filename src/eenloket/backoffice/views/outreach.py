"""The debt-help team's outreach queue (decision 0047): early-warning signals of payment arrears
sent by landlords, energy and water companies and health insurers through the API, and one
page per signal where the worker records the person's answer to the offer of help
(docs/intake.md, "Worklists and the case page")."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.access import api as api_rules
from eenloket.access import capabilities
from eenloket.access import outreach as outreach_access
from eenloket.backoffice.form_views import add_domain_error
from eenloket.backoffice.intake_forms import UtrechtForm
from eenloket.cases.models import Referral
from eenloket.cases.services import referrals
from eenloket.core import clock
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted

QUEUE_LENGTH = 100

ANSWERS = [
    ("help_accepted", gettext_lazy("Help accepted: open a case for debt help")),
    ("help_declined", gettext_lazy("Help declined")),
    ("unreachable", gettext_lazy("Could not be reached")),
]


class AnswerForm(UtrechtForm):
    answer = forms.ChoiceField(
        label=gettext_lazy("The person's answer"),
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose the person's answer."),
            "invalid_choice": gettext_lazy("Choose the person's answer."),
        },
    )
    # Rendered without the "(optional)" mark: it is needed for "could not be reached".
    note = forms.CharField(
        label=gettext_lazy("Note"),
        help_text=gettext_lazy(
            "If the person could not be reached: when and how you tried (for example: called "
            "twice, a letter on 3 March, a visit)."
        ),
        max_length=2000,
        required=False,
        error_messages={
            "max_length": gettext_lazy("Keep the note under %(limit_value)d characters.")
        },
    )


@login_required
def outreach_queue(request):
    """The open offers of help of the worker's team, the one due first at the top."""
    actor = request.actor
    return render(
        request,
        "backoffice/outreach_queue.html",
        {
            "does_casework": capabilities.does_casework(actor),
            "tasks": api_rules.referral_queue(actor, limit=QUEUE_LENGTH),
            "limit": QUEUE_LENGTH,
            "today": clock.today(),
        },
    )


@login_required
def outreach_detail(request, outreach_id):
    """One arrears signal and the person's answer: accepted opens a case (and goes there),
    declined or unreachable close the offer. Only the team the signal went to."""
    try:
        task = outreach_access.outreach_task(request.actor, outreach_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    is_open = task.state == Referral.State.OUTREACH
    form = AnswerForm(posted(request)) if is_open else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            task = referrals.referral_answer(
                referral=task,
                answer=form.cleaned_data["answer"],
                note=form.cleaned_data["note"],
                actor=request.actor,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if task.case_id:
                messages.success(request, _("Help accepted. This is the new case for debt help."))
                return redirect("backoffice:case_detail", case_id=task.case_id)
            messages.success(request, _("The answer is saved. The offer of help is closed."))
            return redirect("backoffice:outreach_queue")
    return render(
        request,
        "backoffice/outreach_detail.html",
        {"task": task, "form": form, "today": clock.today()},
        status=400 if request.method == "POST" else 200,
    )
