"""Send a document with one of your questions (docs/messages-and-documents.md)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from eenloket.access import citizens
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.documents import checks, uploads
from eenloket.documents import services as document_services
from eenloket.portal import session

ACCEPT = ",".join([f".{e}" for e in checks.EXTENSIONS] + [k.content_type for k in checks.KINDS])


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Your file"),
        required=False,  # the service says what is missing, in plain words
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )


@csrf_exempt  # checked below, after the size-limiting upload handler is in place
@session.citizen_required
def document_upload(request, case_id):
    uploads.install(request)
    return _document_upload(request, case_id)


@csrf_protect
def _document_upload(request, case_id):
    try:
        case = citizens.citizen_case(request.citizen, case_id)
    except NotFoundOrForbidden:
        raise Http404(_("This question was not found.")) from None
    form = DocumentForm()
    if request.method == "POST":
        # Bound even when the body held nothing usable (a file over the limit is dropped).
        form = DocumentForm(request.POST, request.FILES)
        form.is_valid()
        try:
            document_services.document_upload(
                case=case,
                upload=request.FILES.get("file"),
                too_large=uploads.too_large(request),
                actor=request.citizen,
            )
        except document_services.DocumentRefused as error:
            form.add_error("file", error.message)
        else:
            messages.success(
                request, _("We have your document. The team that helps you can see it now.")
            )
            return redirect("portal:case", case.pk)
    return render(
        request,
        "portal/document_upload.html",
        {
            "case": case,
            "form": form,
            "max_mb": f"{round(settings.EENLOKET_DOCUMENT_MAX_BYTES / 1_048_576, 1):g}",
            # Only say files are checked for viruses when a scanner checks them (#25).
            "virus_checked": bool(settings.EENLOKET_CLAMD),
        },
        status=400 if request.method == "POST" else 200,
    )
