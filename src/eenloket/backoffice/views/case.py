"""The case page (the one dossier) and the changes a worker makes on it; the case's person
(details, household, representatives, merging) is in person.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eenloket.access import capabilities, casework, disclosure
from eenloket.access import documents as document_access
from eenloket.access import handovers as handover_access
from eenloket.access import persons as person_access
from eenloket.appointments import selectors as appointment_selectors
from eenloket.assessment import selectors as assessment_selectors
from eenloket.backoffice import workspace
from eenloket.backoffice.form_views import form_page
from eenloket.backoffice.intake_forms import (
    CaseEditForm,
    CloseForm,
    ContactForm,
    HoldForm,
    NoteForm,
    ResumeForm,
    SummaryConfirmForm,
    UtrechtForm,
)
from eenloket.backoffice.views import correspondence
from eenloket.backoffice.views.intake import _add_error
from eenloket.cases import citizen_texts, vocabulary
from eenloket.cases import selectors as case_selectors
from eenloket.cases import services as case_services
from eenloket.cases.models import DOCUMENT_EXTENSIONS, CaseStatus
from eenloket.cases.overview_letter import letter_pdf
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.entitlements import selectors as entitlement_selectors
from eenloket.outcomes import selectors as outcome_selectors
from eenloket.outcomes import services as outcome_services
from eenloket.outcomes.models import VerdictAnswer, VerdictChannel
from eenloket.people.models import AccessibilityNeed, Channel
from eenloket.teamwork import selectors as teamwork_selectors

TIMELINE_FILTERS = {
    "": case_selectors.TIMELINE_KINDS,
    "contact": ("contact",),
    "note": ("note",),
    "confirmation": ("confirmation",),
    "status": ("status",),
}


def _labels(choices, keys):
    return [str(choices(key).label) for key in keys if key in choices.values]


def _case(request, case_id, *needs):
    """Return the case through the policy point; ``needs`` names the categories the page shows
    or changes (a partner without a basis for one gets the same 404 as for a missing case)."""
    try:
        return casework.case_for(request.actor, case_id, needs=needs)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None


class VerdictForm(UtrechtForm):
    answer = forms.ChoiceField(
        label=gettext_lazy("Did we help you?"),
        choices=VerdictAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose yes, partly or no.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("What the citizen said about it (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )
    via = forms.ChoiceField(
        label=gettext_lazy("How they answered"),
        choices=[(c.value, c.label) for c in VerdictChannel if c != VerdictChannel.PORTAL],
        error_messages={"required": gettext_lazy("Say how the citizen answered.")},
    )


@login_required
@require_POST
def verdict_record(request, case_id):
    """A worker writes down the citizen's answer to "did we help you?" (desk, phone, letter)."""
    case = _case(request, case_id, "case_notes")
    form = VerdictForm(request.POST, prefix="verdict")
    if form.is_valid():
        try:
            outcome_services.verdict_answer(case=case, actor=request.actor, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The citizen's answer is saved. Thank you."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("backoffice:case_detail", case.pk)


@login_required
def case_detail(request, case_id):
    """The case workspace: a header that always says who, what they asked, the state, the
    next step and what needs attention; one section at a time (``?deel=``); the actions the
    state allows (``workspace.allowed_actions``), each form opened on demand."""
    shown = request.GET.get("soort", "")
    kinds = TIMELINE_FILTERS.get(shown, case_selectors.TIMELINE_KINDS)
    try:
        page = case_selectors.case_page(actor=request.actor, case_id=case_id, kinds=kinds)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    case = page.case
    handovers = handover_access.of_case(case, request.actor)
    owner = disclosure.may_check_entitlements(case)  # the owning organisation's workers
    actions = set(
        workspace.allowed_actions(case=case, actor=request.actor, disclosure=page.disclosure)
    )
    if owner:
        actions |= {"entitlements", "overview_letter"}
    sees = dict.fromkeys(page.disclosure.bases, True)
    # The owning team's own texts (summary, next step) say nothing of what they are about:
    # another team reads them only when it is withheld nothing (decision 0039).
    sees["owner_text"] = page.disclosure.reads_next_step
    # One section shows at a time: read what only one section shows only for that section
    # (the default page runs 9 queries fewer; docs/performance.md).
    section = workspace.section_of(request)
    consents = casework.consents_of(case) if page.disclosure.full else []
    support_level = assessment_selectors.latest_level(case) if "case_notes" in sees else ""
    return render(
        request,
        "backoffice/case_detail.html",
        {
            "case": case,
            "page": page,
            "section": section,
            "sections": workspace.SECTIONS.items(),
            "actions": actions,
            "glance": workspace.glance(
                case=case, handovers=handovers, consents=consents, support_level=support_level
            ),
            "handovers": handovers,
            "citizen_next_step": citizen_texts.next_step(
                case, citizen_texts.language_of(case.person)
            ),
            # Desk appointments and call backs are the loket's own work: its teams see them.
            "appointments_and_callbacks": (
                appointment_selectors.of_case(case)
                if page.disclosure.full and section == "team"
                else None
            ),
            "teamwork": teamwork_selectors.of_case(case, request.actor)
            if section == "team"
            else None,
            "is_coordinator": case.coordinator_id == request.user.pk,
            "colleague_questions": handover_access.questions_of_case(case, request.actor)
            if section == "overdrachten"
            else [],
            "may_check_entitlements": owner,
            "entitlement_signals": entitlement_selectors.signals(
                entitlement_selectors.findings_for(case, page.facts)
            )
            if section == "gids"
            else [],
            "sees": sees,
            "uploads": correspondence.uploads_for_page(case),
            "label_choices": correspondence.LabelForm.base_fields["about"].choices,
            "shown": shown if shown in TIMELINE_FILTERS else "",
            "may_see_bsn": capabilities.may_see_bsn(request.actor),
            "life_event_labels": [vocabulary.life_event_label(k) for k in case.life_events],
            "need_labels": [vocabulary.need_label(k) for k in case.needs],
            "channel_labels": _labels(Channel, case.person.channels_preferred),
            "refused_labels": _labels(Channel, case.person.channels_refused),
            "need_help_labels": _labels(AccessibilityNeed, case.person.accessibility_needs),
            "summary_form": SummaryConfirmForm(initial={"version": case.version}, prefix="sum"),
            "hold_form": HoldForm(initial={"version": case.version}, prefix="hold"),
            "close_form": CloseForm(
                initial={"version": case.version}, prefix="close", needs=case.needs
            ),
            "outcomes": outcome_selectors.of_case(case) if case.status == "closed" else None,
            "verdict_form": VerdictForm(prefix="verdict"),
            "resume_form": ResumeForm(initial={"version": case.version}, prefix="resume"),
            "filters": [
                ("", _("Everything")),
                ("contact", _("Contacts")),
                ("note", _("Notes")),
                ("confirmation", _("Confirmations")),
                ("status", _("Status")),
            ],
        },
    )


@login_required
def document_download(request, case_id, document_id):
    """Give a document of the case as a download (decrypted; the read is logged)."""
    try:
        _released, document = document_access.document_for(request.actor, case_id, document_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    response = HttpResponse(
        case_selectors.document_content(document), content_type=document.content_type
    )
    extension = document.original_name.rsplit(".", 1)[-1].lower()
    extension = extension if extension in DOCUMENT_EXTENSIONS else "bin"
    # The citizen's own file name may hold personal data and odd characters: the download gets
    # a plain name; the page shows the description.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"document-{str(document.pk)[:8]}.{extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def case_bsn(request, case_id):
    """Show the BSN once, for an entitled worker; the view is logged by the policy point."""
    try:
        number = person_access.bsn_for(request.actor, case_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    case = _case(request, case_id)
    return render(request, "backoffice/case_bsn.html", {"case": case, "bsn": number})


def _concurrent(request, form, error):
    form.add_error(None, error.message)
    return error.current


@login_required
def case_edit(request, case_id):
    case = _case(request, case_id, "case_notes")
    current = None
    initial = {
        "version": case.version,
        "summary": case.summary,
        "life_events": case.life_events,
        "needs": case.needs,
        "next_step": case.next_step,
        "next_step_due": case.next_step_due,
        "next_step_citizen": case.next_step_citizen,
    }
    form = CaseEditForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            case_services.case_update(
                case=case, expected_version=version, actor=request.actor, **data
            )
        except case_services.ConcurrentEdit as error:
            current = _concurrent(request, form, error)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("backoffice:case_detail", case.pk)
    status = 409 if current else 400 if request.method == "POST" else 200
    return render(
        request,
        "backoffice/case_edit.html",
        {"case": case, "form": form, "current": current},
        status=status,
    )


@login_required
@require_POST
def case_summary(request, case_id):
    case = _case(request, case_id, "case_notes")
    form = SummaryConfirmForm(request.POST, prefix="sum")
    if form.is_valid():
        try:
            case_services.case_summary_confirm(
                case=case,
                expected_version=form.cleaned_data["version"],
                correction=form.cleaned_data["correction"],
                actor=request.actor,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The citizen's answer to the summary is recorded."))
    else:
        messages.error(request, _("This form was not complete; nothing was saved."))
    return redirect("backoffice:case_detail", case.pk)


@login_required
@require_POST
def case_status(request, case_id, to):
    case = _case(request, case_id, "case_notes")
    form_class, prefix = {
        CaseStatus.ON_HOLD: (HoldForm, "hold"),
        CaseStatus.CLOSED: (CloseForm, "close"),
        CaseStatus.OPEN: (ResumeForm, "resume"),
    }.get(to, (None, ""))
    if form_class is None:
        raise Http404()
    extra = {"needs": case.needs} if form_class is CloseForm else {}
    form = form_class(request.POST, prefix=prefix, **extra)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if to == CaseStatus.ON_HOLD:
                case_services.case_hold(
                    case=case,
                    reason=data["reason"],
                    note=data["note"],
                    expected_version=data["version"],
                    actor=request.actor,
                )
            elif to == CaseStatus.CLOSED:
                outcome_services.case_close_with_outcomes(
                    case=case,
                    outcome=data["outcome"],
                    need_outcomes=form.need_outcomes(),
                    note=data["note"],
                    expected_version=data["version"],
                    actor=request.actor,
                )
            else:
                case_services.case_resume(
                    case=case,
                    next_step=data["next_step"],
                    next_step_due=data["next_step_due"],
                    expected_version=data["version"],
                    actor=request.actor,
                )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("backoffice:case_detail", case.pk)
    else:
        problems = "; ".join(
            f"{form.fields[name].label}: {' '.join(errors)}"
            for name, errors in form.errors.items()
            if name in form.fields
        )
        messages.error(request, _("The status was not changed. %s") % problems)
    return redirect("backoffice:case_detail", case.pk)


@login_required
@require_POST
def case_pick_up(request, case_id):
    case = _case(request, case_id, "case_notes")
    version = request.POST.get("version", "")
    try:
        case_services.case_update(
            case=case,
            expected_version=int(version) if version.isdigit() else -1,
            coordinator=request.actor.user,
            actor=request.actor,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You coordinate this case now."))
    return redirect("backoffice:case_detail", case.pk)


def _representations(case):
    return case_selectors.current_representations(case)


@login_required
def contact_new(request, case_id):
    case = _case(request, case_id)
    representations = _representations(case)
    form = ContactForm(posted(request), request.FILES or None, representations=representations)

    def save(data):
        chosen = {str(r.pk): r for r in representations}.get(data["representation"])
        documents = [(data["document"], data["document_description"])] if data["document"] else []
        case_services.contact_record(
            case=case,
            channel=data["channel"],
            direction=data["direction"],
            verification=data["verification"],
            verification_note=data["verification_note"],
            summary=data["summary"],
            summary_citizen=data["summary_citizen"],
            follow_up=data["follow_up"],
            representation=chosen,
            documents=documents,
            about=data.get("about") or "",
            actor=request.actor,
        )

    return form_page(
        request,
        form,
        save=save,
        success=_("The contact is recorded, with a confirmation for the citizen."),
        then=lambda: workspace.to_section(case.pk, "tijdlijn"),
        template="backoffice/contact_form.html",
        context={"case": case},
    )


@login_required
def note_new(request, case_id):
    case = _case(request, case_id)
    return form_page(
        request,
        NoteForm(posted(request)),
        save=lambda data: case_services.note_add(case=case, actor=request.actor, **data),
        success=_("The note is added."),
        then=lambda: workspace.to_section(case.pk, "tijdlijn"),
        template="backoffice/note_form.html",
        context={"case": case},
    )


@login_required
def overview_letter(request, case_id):
    """The citizen's overview of this question as a PDF letter, for the owning organisation to
    print or post (the read goes through the policy point and is logged)."""

    try:
        # The owning organisation's, not a partner's: a partner's attempt is logged as refused.
        case = casework.case_for_owner(request.actor, case_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    response = HttpResponse(letter_pdf(case), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="overzicht.pdf"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
