"""Facts, consent with the citizen, the case export, and break-glass access."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.access import break_glass as break_glass_access
from eenloket.access import casework
from eenloket.backoffice import workspace
from eenloket.backoffice.consent_forms import (
    BreakGlassForm,
    ConsentForm,
    FactForm,
    ReviewForm,
    WithdrawForm,
)
from eenloket.backoffice.form_views import form_page
from eenloket.backoffice.step_up import second_factor_again
from eenloket.backoffice.views.intake import _add_error
from eenloket.cases import selectors as case_selectors
from eenloket.cases import services as case_services
from eenloket.consent import break_glass as break_glass_services
from eenloket.consent import receipts
from eenloket.consent import services as consent_services
from eenloket.consent.break_glass_reasons import BY_CODE as BREAK_GLASS_REASONS
from eenloket.consent.break_glass_reasons import reason_categories
from eenloket.consent.categories import SHAREABLE, category_label
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.directory import selectors as directory_selectors
from eenloket.notifications.pdf import text_to_pdf


def _or_404(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None


def _form_page(request, case, form, title, save, success, section="dossier"):
    """Show ``form`` for ``case``; on a valid POST call ``save`` and go back to the case's
    workspace, at ``section``.
    A DomainError lands on its field, the input stays; the status says what happened."""
    return form_page(
        request,
        form,
        save=save,
        success=success,
        then=lambda: workspace.to_section(case.pk, section),
        template="backoffice/case_form.html",
        context={"case": case, "title": title},
    )


@login_required
def fact_new(request, case_id):
    case = _or_404(casework.case_for, request.actor, case_id)
    form = FactForm(posted(request))

    def save(data):
        case_services.fact_record(case=case, actor=request.actor, **data)

    return _form_page(request, case, form, _("Add a fact"), save, _("The fact is added."))


@login_required
def consent_list(request, case_id):
    case = _or_404(casework.case_for_consent, request.actor, case_id)
    return render(
        request,
        "backoffice/consent_list.html",
        {
            "case": case,
            "consents": casework.consents_of(case),
            "bases": casework.statutory_bases_for_case(case),
            "withdraw_form": WithdrawForm(),
        },
    )


@login_required
def consent_new(request, case_id):
    case = _or_404(casework.case_for_consent, request.actor, case_id)
    items = case_selectors.consentable_items(case)
    form = ConsentForm(
        posted(request),
        organisations=directory_selectors.organisations_for_choice(),
        teams=directory_selectors.teams_for_choice(),
        items=items,
        representations=case_selectors.current_representations(case),
    )

    def save(data):
        representation = None
        if data["representation"]:
            representation = next(
                (
                    r
                    for r in case_selectors.current_representations(case)
                    if str(r.pk) == data["representation"]
                ),
                None,
            )
            if representation is None:
                raise DomainError(
                    _("This representative cannot decide for this person today."),
                    field="representation",
                )
        chosen = data["recipient"]
        recipient = recipient_team = None
        if chosen.startswith("team:"):
            recipient_team = directory_selectors.team(chosen.removeprefix("team:"))
        else:
            recipient = directory_selectors.organisation(chosen)
        if recipient is None and recipient_team is None:
            raise DomainError(_("Choose the team."), field="recipient")
        consent_services.consent_record(
            case=case,
            recipient=recipient,
            recipient_team=recipient_team,
            categories=data["categories"],
            items=data["items"],
            purpose=data["purpose"],
            valid_until=data["valid_until"],
            given={"given": True, "declined": False}.get(data["answer"]),
            explicit_special=data["explicit_special"],
            representation=representation,
            recorded_via=data["recorded_via"],
            actor=request.actor,
        )

    return _form_page(
        request,
        case,
        form,
        _("Record consent"),
        save,
        _("The citizen's choice is recorded; a receipt goes to them."),
        section="privacy",
    )


@login_required
@require_POST
def consent_withdraw(request, case_id, consent_id):
    case = _or_404(casework.case_for_consent, request.actor, case_id)
    consent = next((c for c in casework.consents_of(case) if str(c.pk) == str(consent_id)), None)
    if consent is None:
        raise Http404()
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how the citizen withdrew the consent."))
        return redirect("backoffice:consent_list", case.pk)
    try:
        consent_services.consent_withdraw(
            consent=consent, via=form.cleaned_data["via"], actor=request.actor
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "The consent is withdrawn. The citizen gets a receipt that says what was "
                "already shared stays with the organisation under its own rules."
            ),
        )
    return redirect("backoffice:consent_list", case.pk)


@login_required
def consent_receipt(request, case_id, consent_id, form):
    """The receipt of one consent, as JSON (with its signed JWS) or as a PDF to hand over."""
    if form not in ("json", "pdf"):
        raise Http404()
    case = _or_404(casework.case_for_consent, request.actor, case_id)
    consent = next((c for c in casework.consents_of(case) if str(c.pk) == str(consent_id)), None)
    if consent is None:
        raise Http404()
    consent.case = case
    if form == "json":
        response = JsonResponse(
            {"receipt": receipts.receipt(consent), "jws": receipts.signed(consent)},
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
    else:
        text = json.dumps(receipts.receipt(consent), ensure_ascii=False, indent=2)
        response = HttpResponse(
            text_to_pdf(text, title=_("Receipt of a consent")), content_type="application/pdf"
        )
    response["Content-Disposition"] = f'attachment; filename="toestemming-{consent.pk}.{form}"'
    return response


@login_required
@second_factor_again
def case_export(request, case_id):
    """The case as JSON, as far as the policy point allows the actor: an export or a partner's
    copy. Asking for a category without a basis is refused (404) and logged. The BSN is masked
    as on the case page; ``?bsn=toon`` puts it in full for a role that may see it (logged)."""
    asked = [c for c in request.GET.getlist("categorie") if c]
    if any(c not in SHAREABLE for c in asked):
        raise Http404()
    export = _or_404(
        case_selectors.case_export,
        actor=request.actor,
        case_id=case_id,
        asked=asked,
        show_bsn=request.GET.get("bsn") == "toon",
    )
    response = JsonResponse(export, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="vraag-{case_id}.json"'
    return response


@login_required
@second_factor_again
def break_glass(request, case_id):
    """The break-glass form: only for a worker whose team has a relation to the case; anyone
    else, and any case id that does not exist, gets 404 (logged when the case exists)."""
    _or_404(break_glass_access.case_for_break_glass, request.actor, case_id)
    form = BreakGlassForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            consent_services.break_glass_open(
                case_id=case_id,
                reason=form.cleaned_data["reason"],
                reason_code=form.cleaned_data["reason_code"],
                actor=request.actor,
            )
        except NotFoundOrForbidden as error:
            raise Http404(error.message) from None
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.warning(
                request,
                _(
                    "Urgent access. A coordinator must confirm it within the hour, or it "
                    "ends. This is logged and reviewed."
                ),
            )
            return redirect("backoffice:case_detail", case_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "backoffice/break_glass.html", {"form": form, "case_id": case_id}, status=status
    )


@login_required
def break_glass_confirm(request, access_id):
    """A second worker confirms a colleague's break-glass (decision 0049): a coordinator whose
    team has a relation to the case, never the opener; anyone else gets 404 (logged)."""
    access = _or_404(break_glass_access.break_glass_for_confirmation, request.actor, access_id)
    error = ""
    if request.method == "POST":
        try:
            break_glass_services.break_glass_confirm(access=access, actor=request.actor)
        except DomainError as problem:
            error = problem.message
        else:
            messages.success(request, _("You confirmed the urgent access."))
            return redirect("backoffice:home")
    context = {
        "access": access,
        "reason": BREAK_GLASS_REASONS.get(access.reason_code),
        "categories": [
            category_label(c) for c in reason_categories(access.reason_code) if c != "identity"
        ],
        "error": error,
    }
    return render(
        request, "backoffice/break_glass_confirm.html", context, status=400 if error else 200
    )


@login_required
def break_glass_reviews(request):
    accesses = _or_404(break_glass_access.break_glass_reviews, request.actor)
    return render(
        request, "backoffice/break_glass_reviews.html", {"accesses": accesses, "form": ReviewForm()}
    )


@login_required
@require_POST
def break_glass_review(request, access_id):
    found = _or_404(break_glass_access.break_glass_for_review, request.actor, access_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a finding."))
        return redirect("backoffice:break_glass_reviews")
    try:
        consent_services.break_glass_review(
            access=found,
            justified=form.cleaned_data["finding"] == "justified",
            note=form.cleaned_data["note"],
            actor=request.actor,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The review is recorded."))
    return redirect("backoffice:break_glass_reviews")
