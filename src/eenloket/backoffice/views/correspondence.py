"""Write to the citizen, and the documents added to a case (docs/messages-and-documents.md)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eenloket.access import casework
from eenloket.access import documents as document_access
from eenloket.backoffice import workspace
from eenloket.backoffice.form_views import form_page
from eenloket.backoffice.intake_forms import UtrechtForm, about_field
from eenloket.cases import services as case_services
from eenloket.cases.services.contacts import MESSAGE_MAX, SUBJECT_MAX
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.documents import checks
from eenloket.documents import selectors as document_selectors
from eenloket.documents import services as document_services


class CitizenMessageForm(UtrechtForm):
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=SUBJECT_MAX,
        error_messages={"required": gettext_lazy("Write a subject.")},
    )
    text = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            'Plain words, "u". It goes on the channels the citizen chose; e-mail and SMS only '
            "say there is a message, unless the citizen allowed details there."
        ),
        error_messages={"required": gettext_lazy("Write the message.")},
    )


@login_required
def citizen_write(request, case_id):
    """Write to the citizen: a message in Mijn overzicht (or on their other channels),
    recorded as a contact on the case."""
    try:
        case = casework.case_for(request.actor, case_id, needs=("contact",))
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    return form_page(
        request,
        CitizenMessageForm(posted(request)),
        save=lambda data: case_services.citizen_write(
            case=case, subject=data["subject"], text=data["text"], actor=request.actor
        ),
        success=_("The message is on its way to the citizen."),
        then=lambda: workspace.to_section(case.pk, "tijdlijn"),
        template="backoffice/citizen_message_form.html",
        context={"case": case},
    )


def uploads_for_page(case) -> list:
    """The documents added to a case, for the case page: only when the policy point released
    the category "documents" to the actor (``case.disclosure``)."""
    if not case.disclosure.allows("documents"):
        return []
    return [
        document
        for document in document_selectors.of_case(case=case)
        # and what the document is about (decision 0046)
        if case.disclosure.allows_labelled("document", document.pk, "documents", document.about)
    ]


@login_required
def upload_download(request, case_id, document_id):
    """Give a document added to the case as a download (decrypted; the read is logged)."""
    try:
        _released, document = document_access.uploaded_document_for(
            request.actor, case_id, document_id
        )
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    kind = next((k for k in checks.KINDS if k.content_type == document.content_type), None)
    extension = kind.extensions[0] if kind else "bin"
    response = HttpResponse(
        document_selectors.content(document), content_type=document.content_type
    )
    # The citizen's own file name may hold personal data and odd characters: a plain name.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"document-{str(document.pk)[:8]}.{extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


class LabelForm(UtrechtForm):
    about = about_field()


@login_required
@require_POST
def upload_label(request, case_id, document_id):
    """The owning team says what a document added to the case is about (decision 0046)."""
    try:
        case, document = document_access.uploaded_document_to_label(
            request.actor, case_id, document_id
        )
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    form = LabelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what this is about."))
    else:
        try:
            document_services.document_label(
                document=document, about=form.cleaned_data["about"] or "", actor=request.actor
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved what the document is about."))
    return workspace.to_section(case.pk, "dossier")
