"""The citizen's data: how long we keep what, and a download of everything we hold about
them (AVG art. 15 and 20, #23): as JSON for a computer, and as a readable page to keep or
print. Every download is logged (register "portal-data-export")."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from eenloket.access import citizens, subject_access
from eenloket.core import clock
from eenloket.portal import session
from eenloket.retention.periods import RULES

citizen_page = session.citizen_required


@citizen_page
def my_data(request):
    """How long we keep each kind of record, and the two downloads: for the person
    themselves, or a representative for all their matters (as "who used your data")."""
    citizens.citizen_may_read(request.citizen, whole_person=True)
    return render(request, "portal/my_data.html", {"rules": RULES})


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
