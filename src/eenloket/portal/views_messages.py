"""Messages in Mijn overzicht: the list, one message (marked read) and the citizen's answer
(docs/messages-and-documents.md)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.access import citizens
from eenloket.access import messages as message_access
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.notifications import services as notification_services
from eenloket.portal import services as portal_services
from eenloket.portal import session


@session.citizen_required
def message_list(request):
    """The citizen's messages, newest first, per question; unread ones marked."""
    found = message_access.citizen_messages(request.citizen)
    own = {str(c.pk): c for c in citizens.citizen_cases(request.citizen)}
    groups: dict = {}
    for message in found:  # newest first, so the groups are in order of their newest message
        case = own.get(message.case_ref)
        groups.setdefault(case.pk if case else None, (case, []))[1].append(message)
    return render(
        request,
        "portal/messages.html",
        {
            "groups": list(groups.values()),
            "unread": sum(1 for m in found if m.read_at is None),
        },
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=portal_services.MAX_LENGTH,
        error_messages={
            "required": gettext_lazy("Write your answer."),
            "max_length": gettext_lazy(
                "Your answer is too long: at most %(limit_value)d characters."
            ),
        },
    )


@session.citizen_required
def message_detail(request, message_id):
    """One message; reading it marks it read. The citizen can answer a message about one of
    their own open questions: the answer lands with the team as a contact with a next step."""
    try:
        message = message_access.citizen_message(request.citizen, message_id)
        own = {str(c.pk): c for c in citizens.citizen_cases(request.citizen)}
    except NotFoundOrForbidden:
        raise Http404(_("This message was not found.")) from None
    notification_services.portal_message_read(portal_message=message, actor=request.citizen)
    case = own.get(message.case_ref)
    may_answer = case is not None and case.status != "closed"
    form = AnswerForm(posted(request))
    if request.method == "POST":
        if not may_answer:
            form.add_error(
                None,
                _("You cannot answer this message here. Ask a question instead."),
            )
        elif form.is_valid():
            try:
                portal_services.message_answer(
                    actor=request.citizen,
                    case=case,
                    subject=message.subject,
                    text=form.cleaned_data["text"],
                )
            except DomainError as error:
                form.add_error("text", error.message)
            else:
                messages.success(
                    request, _("We have your answer. We will reply within two working days.")
                )
                return redirect("portal:message", message.pk)
    return render(
        request,
        "portal/message.html",
        {"message": message, "case": case, "may_answer": may_answer, "form": form},
        status=400 if request.method == "POST" else 200,
    )
