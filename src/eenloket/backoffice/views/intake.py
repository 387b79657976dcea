"""Finding a person without browsing, and taking a question in (the intake)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.access import persons as person_access
from eenloket.backoffice.form_views import add_domain_error as _add_error
from eenloket.backoffice.intake_forms import CaseForm, PersonForm, SearchForm
from eenloket.cases import services as case_services
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.people.duplicates import NameAndBirth

# The persons a worker found in their last search or duplicate warning: only these can be
# linked to a new case (no guessing ids), and only for this session.
SESSION_FOUND = "eenloket_found_persons"


def _remember_found(request, found) -> None:
    request.session[SESSION_FOUND] = [str(item.person_id) for item in found][:20]


def _need_casework(request):
    if not capabilities.does_casework(request.actor):
        raise Http404(NotFoundOrForbidden().message)


@login_required
def person_search(request):
    _need_casework(request)
    form = SearchForm(request.GET or None)
    found = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        try:
            found = person_access.find_persons(
                request.actor,
                purpose=data["purpose"],
                bsn=data["bsn"],
                surname=data["surname"],
                birth_date=data["birth_date"],
                kvk_number=data["kvk_number"],
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            _remember_found(request, found)
    status = 400 if request.GET and form.errors else 200
    return render(
        request, "backoffice/person_search.html", {"form": form, "found": found}, status=status
    )


@login_required
def intake(request, person_id=None):
    """Take a question in: for a new person (with duplicate warnings) or one just found."""
    _need_casework(request)
    actor = request.actor
    known = None
    if person_id is not None:
        try:
            known = person_access.person_to_link(
                actor, person_id, just_found=request.session.get(SESSION_FOUND, [])
            )
        except NotFoundOrForbidden as error:
            raise Http404(error.message) from None
    person_form = None if known else PersonForm(posted(request), prefix="person")
    case_form = CaseForm(posted(request), prefix="case")
    warnings = []
    if request.method == "POST":
        valid = case_form.is_valid() and (known or person_form.is_valid())
        if valid and not known and not request.POST.get("not_a_duplicate"):
            data = person_form.cleaned_data
            draft = NameAndBirth(
                given_names=data["given_names"],
                surname_prefix=data["surname_prefix"],
                surname=data["surname"],
                birth_surname_prefix=data["birth_surname_prefix"],
                birth_surname=data["birth_surname"],
                birth_date=data["birth_date"],
                bsn=data["bsn"],  # 9 digits or empty: PersonForm.clean_bsn checked it
            )
            warnings = person_access.duplicate_warnings(actor, draft)
            _remember_found(request, warnings)
            valid = not warnings
        if valid:
            try:
                case = case_services.intake_register(
                    person=known,
                    person_values=None if known else person_form.person_values(),
                    case_values=case_form.cleaned_data,
                    actor=actor,
                )
            except DomainError as error:
                _add_error(
                    case_form if error.field in case_form.fields else person_form or case_form,
                    error,
                )
            else:
                messages.success(
                    request, _("The question is taken in. Next: the household and a contact.")
                )
                return redirect("backoffice:case_detail", case.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "backoffice/intake.html",
        {
            "known": known,
            "person_form": person_form,
            "case_form": case_form,
            "warnings": warnings,
        },
        status=status,
    )
