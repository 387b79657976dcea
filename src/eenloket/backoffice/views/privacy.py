"""Oversight screens for the privacy officer, and "who looked at my data" for a citizen."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from eenloket.access import capabilities, logs
from eenloket.audit import register
from eenloket.audit.selectors import as_standard_record
from eenloket.core.errors import DomainError, NotFoundOrForbidden


class LogQueryForm(forms.Form):
    subject = forms.UUIDField(
        label=_("Person (id)"),
        required=False,
        error_messages={"invalid": _("A person id looks like 0190f2c4-…: 32 characters.")},
    )
    trace = forms.RegexField(
        label=_("Trace id"),
        regex=r"^\s*[0-9a-fA-F]{32}\s*$",
        required=False,
        error_messages={"invalid": _("A trace id has 32 characters 0-9 and a-f.")},
    )
    activity = forms.ChoiceField(
        label=_("Processing activity"),
        required=False,
        choices=[("", "—"), *[(a.key, a.name_en) for a in register.ACTIVITIES]],
    )

    def filters(self):
        data = self.cleaned_data
        return {
            "subject_person_id": data.get("subject"),
            "trace_id": (data.get("trace") or "").strip().lower(),
            "activity": data.get("activity") or "",
        }


def _query(request):
    """Return (form, lines, status) for a log query from GET parameters."""
    if not capabilities.may_query_processing_log(request.actor):
        raise Http404(NotFoundOrForbidden().message)
    form = LogQueryForm(request.GET or None)
    if not request.GET:
        return form, None, 200
    if not form.is_valid():
        return form, None, 400
    try:
        lines = logs.processing_log_for(request.actor, **form.filters())
    except DomainError as error:
        form.add_error(None, error.message)
        return form, None, 400
    return form, lines, 200


@login_required
def processing_log(request):
    form, lines, status = _query(request)
    return render(
        request, "backoffice/processing_log.html", {"form": form, "lines": lines}, status=status
    )


@login_required
def processing_log_json(request):
    """The read extension of the standard: lines as JSON; a filter is required, else 400."""
    form, lines, _status = _query(request)
    if lines is None:
        errors = [str(e) for e in form.non_field_errors()] + [
            f"{field}: {error}"
            for field, errs in form.errors.items()
            if field != "__all__"
            for error in errs
        ]
        return JsonResponse(
            {
                "error": errors
                or [str(_("Choose a data subject, a trace or a processing activity."))]
            },
            status=400,
        )
    return JsonResponse({"records": [as_standard_record(line) for line in lines]})


@login_required
def who_looked(request, case_id):
    try:
        case, accesses = logs.who_looked_for(request.actor, case_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    return render(request, "backoffice/who_looked.html", {"case": case, "accesses": accesses})
