"""The citizen's data: how long we keep what, and a download of everything we hold about
them (AVG art. 15 and 20, #23): as JSON for a computer, and as a readable page to keep or
print. Every download is logged (register "portal-data-export")."""

import json

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.access import citizens, subject_access
from eenloket.core import clock
from eenloket.core.errors import DomainError
from eenloket.core.http import posted
from eenloket.notifications.pdf import html_to_pdf
from eenloket.portal import session
from eenloket.retention import rights
from eenloket.retention.periods import CITIZEN_RULES

citizen_page = session.citizen_required


@citizen_page
def my_data(request):
    """How long we keep each kind of record, and the two downloads: for the person
    themselves, or a representative for all their matters (as "who used your data")."""
    citizens.citizen_may_read(request.citizen, whole_person=True)
    return render(request, "portal/my_data.html", {"rules": CITIZEN_RULES})


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


@citizen_page
def my_data_html(request):
    data = subject_access.citizen_data(request.citizen)
    page = render_to_string("portal/my_data_export.html", {"data": data}, request=request)
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("html")}"'
    return response


@citizen_page
def my_data_pdf(request):
    """The same readable copy as a PDF (tagged PDF/UA-1, our embedded font)."""

    data = subject_access.citizen_data(request.citizen)
    page = render_to_string("portal/my_data_export.html", {"data": data}, request=request)
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
