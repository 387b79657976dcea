"""A view that reads persons or cases without the policy point fails, loudly."""

import sys
import types

import pytest
from django.test import override_settings
from django.urls import path

from eenloket.core.policy_guard import PolicyPointBypassed
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

BYPASSING_VIEWS = """
from django.http import HttpResponse
from eenloket.cases.models import Case
from eenloket.people.models import Person


def case_by_id(request, case_id):
    case = Case.objects.get(pk=case_id)  # no policy point: must fail
    return HttpResponse(case.question_verbatim)


def people_list(request):
    return HttpResponse(", ".join(p.surname for p in Person.objects.all()))


def cases_of_person(request, case_id):
    from eenloket.access import casework
    case = casework.case_for(request.actor, case_id)
    # the person is released with the case, but their other cases are not:
    return HttpResponse(str(case.person.cases.count()))
"""


@pytest.fixture
def bypassing_module():
    # An interface module added on purpose, as a new view would be by a careless change.
    module = types.ModuleType("eenloket.backoffice.views.bypass_example")
    exec(BYPASSING_VIEWS, module.__dict__)
    sys.modules[module.__name__] = module
    urlconf = types.ModuleType("bypass_urls")
    urlconf.urlpatterns = [
        path("case/<uuid:case_id>/", module.case_by_id),
        path("people/", module.people_list),
        path("case/<uuid:case_id>/others/", module.cases_of_person),
    ]
    sys.modules["bypass_urls"] = urlconf
    yield module
    del sys.modules[module.__name__], sys.modules["bypass_urls"]


@override_settings(ROOT_URLCONF="bypass_urls")
@pytest.mark.parametrize("url", ["case/{id}/", "people/", "case/{id}/others/"])
def test_view_reading_persons_or_cases_directly_fails(
    bypassing_module, worker_client, membership, url
):
    case = factories.CaseFactory(owning_team=membership.team)
    with pytest.raises(PolicyPointBypassed) as error:
        worker_client.get("/" + url.format(id=case.pk))
    assert "eenloket.backoffice.views.bypass_example" in str(error.value)


def test_guard_can_be_trusted_to_allow_the_policy_point(worker_client, membership):
    case = factories.CaseFactory(owning_team=membership.team)
    response = worker_client.get(f"/werk/zaken/{case.pk}/")
    assert response.status_code == 200
    assert case.question_verbatim in response.content.decode()


def test_domain_code_outside_interfaces_is_not_stopped():
    from eenloket.cases.models import Case

    factories.CaseFactory()
    assert Case.objects.count() == 1
