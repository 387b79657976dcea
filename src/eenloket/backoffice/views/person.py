"""The case's person on the case page: their details, household and representatives, and
merging a duplicate person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eenloket.access import casework
from eenloket.access import persons as person_access
from eenloket.backoffice.form_views import form_page
from eenloket.backoffice.intake_forms import (
    HouseholdEndForm,
    HouseholdMemberForm,
    MergeForm,
    PersonForm,
    RepresentationEndForm,
    RepresentativeForm,
)
from eenloket.backoffice.views.case import _case
from eenloket.backoffice.views.intake import _add_error
from eenloket.cases import selectors as case_selectors
from eenloket.cases import services as case_services
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.people import services as people_services


@login_required
def household_new(request, case_id):
    case = _case(request, case_id, "household")

    def save(data):
        data = dict(data)
        relation, since = data.pop("relation"), data.pop("since")
        case_services.household_member_register(
            case=case, relation=relation, since=since, member_values=data, actor=request.actor
        )

    return form_page(
        request,
        HouseholdMemberForm(posted(request)),
        save=save,
        success=_("The household member is added."),
        then=lambda: redirect("backoffice:case_detail", case.pk),
        template="backoffice/household_form.html",
        context={"case": case},
    )


@login_required
def representative_new(request, case_id):
    case = _case(request, case_id, "contact")

    def save(data):
        data = dict(data)
        channel = data.pop("channel")
        person_values = {
            key: data.pop(key)
            for key in ("given_names", "surname_prefix", "surname", "phone", "email")
        }
        person_values["channels_preferred"] = [channel] if channel else []
        person_values["shared_channels_may_carry_detail"] = data.pop("may_carry_detail")
        case_services.representative_register(
            case=case,
            person_values=person_values,
            this_case_only=data.pop("this_case_only"),
            actor=request.actor,
            **data,
        )

    return form_page(
        request,
        RepresentativeForm(posted(request)),
        save=save,
        success=_("The representative is recorded."),
        then=reverse("backoffice:case_detail", args=[case.pk]),
        template="backoffice/representative_form.html",
        context={"case": case},
    )


@login_required
def household_end(request, case_id, link_id):
    """End a household membership of the case's person (someone moved out). Needs a basis for
    the household, like adding one: the page names the member (found by the matrix, #26)."""
    case = _case(request, case_id, "household")
    try:
        link = case_selectors.household_link(case, link_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    return form_page(
        request,
        HouseholdEndForm(posted(request)),
        save=lambda data: people_services.household_member_end(
            link=link, until=data["until"], actor=request.actor
        ),
        success=_("The household membership is ended."),
        then=reverse("backoffice:case_detail", args=[case.pk]),
        template="backoffice/household_end.html",
        context={"case": case, "link": link},
    )


@login_required
def representation_end(request, case_id, representation_id):
    """End a representation of the case's person (the authorisation was withdrawn). Needs the
    same basis as recording one: the page names the representative (found by the matrix, #26)."""
    case = _case(request, case_id, "contact")
    try:
        representation = case_selectors.representation_of(case, representation_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    return form_page(
        request,
        RepresentationEndForm(posted(request)),
        save=lambda data: people_services.representation_end(
            representation=representation, reason=data["reason"], actor=request.actor
        ),
        success=_("The representation is ended."),
        then=reverse("backoffice:case_detail", args=[case.pk]),
        template="backoffice/representation_end.html",
        context={"case": case, "representation": representation},
    )


@login_required
def person_merge(request, case_id):
    """A coordinator merges the person of another case of their team into this case's person."""
    case = _case(request, case_id, "contact", "identity", "household")
    form = MergeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            other = casework.case_for(request.actor, form.cleaned_data["other_case"])
            keep, duplicate = person_access.persons_for_merge(
                request.actor, case.person_id, other.person_id
            )
            people_services.person_merge(
                keep=keep,
                duplicate=duplicate,
                reason=form.cleaned_data["reason"],
                actor=request.actor,
            )
        except NotFoundOrForbidden:
            form.add_error(
                "other_case",
                _("You can merge only persons of two cases your team works on, as coordinator."),
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The two persons are merged; the other case moved here."))
            return redirect("backoffice:case_detail", case.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "backoffice/merge_form.html", {"case": case, "form": form}, status=status
    )


@login_required
def person_edit(request, case_id):
    """Change the details of the case's person. The BSN field is empty: fill it only to add or
    correct the number (it is never shown here)."""
    case = _case(request, case_id, "contact", "identity")
    person = case.person
    initial = {field: getattr(person, field) for field in people_services.PERSON_FIELDS}
    for position, channel in enumerate(person.channels_preferred[:3], start=1):
        initial[f"channel_{position}"] = channel
    form = PersonForm(posted(request), initial=initial, prefix="person")

    def save(_data):
        values = form.person_values()
        number = values.pop("bsn")
        people_services.person_update(
            person=person, bsn=number or None, actor=request.actor, **values
        )

    return form_page(
        request,
        form,
        save=save,
        success=_("The person's details are saved."),
        then=reverse("backoffice:case_detail", args=[case.pk]),
        template="backoffice/person_form.html",
        context={"case": case},
    )
