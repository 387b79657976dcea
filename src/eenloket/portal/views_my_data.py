"""The citizen's data: how long we keep what, and a download of everything we hold about
them (AVG art. 15 and 20, #23): as JSON for a computer, and as a readable page to keep or
print. Every download is logged (register "portal-data-export")."""

import datetime as dt
import json
import re

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from eenloket.access import citizens, subject_access
from eenloket.cases.models import CaseStatus, ContactChannel
from eenloket.consent.categories import category_label
from eenloket.consent.models import ConsentState
from eenloket.core import clock
from eenloket.core.errors import DomainError
from eenloket.core.http import posted
from eenloket.notifications.models import MessageStatus
from eenloket.notifications.pdf import html_to_pdf
from eenloket.people.models import HouseholdRelation
from eenloket.portal import data_words, session
from eenloket.retention import rights
from eenloket.retention.periods import CITIZEN_RULES

citizen_page = session.citizen_required


@citizen_page
def my_data(request):
    """How long we keep each kind of record, and the two downloads: for the person
    themselves, or a representative for all their matters (as "who used your data")."""
    citizens.citizen_may_read(request.citizen, whole_person=True)
    return render(request, "portal/my_data.html", {"rules": CITIZEN_RULES})


ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}.*)?$")


def _filename(extension: str) -> str:
    return f"mijn-gegevens-{clock.today().isoformat()}.{extension}"


@citizen_page
def my_data_json(request):
    data = subject_access.citizen_data(request.citizen)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response


def _readable(value):
    """The download's data for people: a moment or date written as in a letter ("7 december
    2026 14:05"), not as the JSON's ISO text; everything else as it is."""
    if isinstance(value, dict):
        return {key: _readable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_readable(item) for item in value]
    if isinstance(value, str) and ISO_MOMENT.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:  # a date
            return date_format(moment.date(), "j F Y")
        return date_format(timezone.localtime(moment), "j F Y H:i")
    return value


# In the readable copy, the ids and references that only a computer needs are left out of
# "more about your questions" (the JSON keeps them); fields and codes are written as words
# (data_words).
FOR_COMPUTERS = {"id", "case", "message", "handover", "breakthrough", "recipient_ref", "case_ref"}


def _labels(data: dict) -> dict:
    """Codes as words in the reader's language: data categories, states."""
    states = dict(CaseStatus.choices) | dict(ConsentState.choices) | dict(MessageStatus.choices)
    relations, channels = dict(HouseholdRelation.choices), dict(ContactChannel.choices)
    person = data["person"]
    if person.get("preferred_language"):
        info = get_language_info(person["preferred_language"])
        person["preferred_language"] = str(info["name_translated"])
    for member in data["household"]:
        member["relation"] = str(relations.get(member["relation"], member["relation"]))
    for question in data["questions"]:
        question["status"] = states.get(question["status"], question["status"])
        for contact in question["contacts"]:
            contact["channel"] = str(channels.get(contact["channel"], contact["channel"]))
        for fact in question["facts"]:
            fact["category"] = category_label(fact["category"])
        for handover in question["handovers"]:
            handover["state"] = data_words.handover_state(handover["state"])
    for consent in data["consents"]:
        consent["categories"] = [category_label(c) for c in consent["categories"]]
        consent["state"] = states.get(consent["state"], consent["state"])
    for message in data["messages"]:
        message["status"] = states.get(message["status"], message["status"])
        message["purpose"] = data_words.purpose(message["purpose"])
    for kind in data["more_records"]:
        kind["records"] = [
            data_words.in_words(kind["kind"], record, FOR_COMPUTERS) for record in kind["records"]
        ]
    return data


def _readable_copy(request) -> str:
    data = _labels(_readable(subject_access.citizen_data(request.citizen)))
    return render_to_string("portal/my_data_export.html", {"data": data}, request=request)


@citizen_page
def my_data_html(request):
    page = _readable_copy(request)
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("html")}"'
    return response


@citizen_page
def my_data_pdf(request):
    """The same readable copy as a PDF (tagged PDF/UA-1, our embedded font)."""

    page = _readable_copy(request)
    response = HttpResponse(html_to_pdf(page), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename("pdf")}"'
    response["Cache-Control"] = "no-store"
    return response


class RightsForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What do you want us to do?"),
        choices=[(key, label) for key, (label, _article) in rights.KINDS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose what you want us to do.")},
    )
    text = forms.CharField(
        label=gettext_lazy("What is it about?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=rights.MAX_LENGTH,
        error_messages={"required": gettext_lazy("Write what it is about.")},
    )


@citizen_page
def rights_request(request):
    """Ask us to correct, delete, use less of, or stop using your data; we answer within a
    month. Only the person themselves."""
    citizens.citizen_may_read(request.citizen, whole_person=True)
    form = RightsForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            _case, due = rights.rights_request(
                actor=request.citizen,
                own_cases=citizens.citizen_cases(request.citizen),
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("We received your request. You get an answer before %(date)s.")
                % {"date": date_format(due, "j F Y")},
            )
            return redirect("portal:my_data")
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/rights_request.html", {"form": form}, status=status)
