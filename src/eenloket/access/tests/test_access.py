"""The policy point's skeleton: membership and case relation decide; every read is logged."""

import datetime as dt
import uuid

import pytest

from eenloket.access import casework
from eenloket.accounts.models import Role
from eenloket.audit import processing
from eenloket.audit.models import AuditEntry, ProcessingLogEntry
from eenloket.audit.pseudonyms import person_pseudonym
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


def _actor(**membership_fields):
    return Actor.worker((m := factories.MembershipFactory(**membership_fields)).user, m)


def _log_lines(person_id):
    """The processing log lines about one person, with their linked audit entries."""
    lines = list(
        ProcessingLogEntry.objects.filter(data_subject_id=person_pseudonym(person_id)).order_by(
            "position"
        )
    )
    audits = {
        a.operation_id: a
        for a in AuditEntry.objects.filter(operation_id__in=[line.operation_id for line in lines])
    }
    return [(line, audits.get(line.operation_id)) for line in lines]


# (role, team relation to the case, may see)
ACCESS_TABLE = [
    (Role.FRONTLINE_WORKER, "owns", True),
    (Role.FRONTLINE_WORKER, "works_on", True),
    (Role.FRONTLINE_WORKER, "none", False),
    (Role.PARTNER_WORKER, "owns", True),
    (Role.PARTNER_WORKER, "works_on", True),
    (Role.PARTNER_WORKER, "none", False),
    (Role.COORDINATOR, "owns", True),
    (Role.COORDINATOR, "works_on", True),
    (Role.COORDINATOR, "none", False),
    (Role.APPLICATION_MANAGER, "none", False),
    (Role.PRIVACY_OFFICER, "none", False),
]


@pytest.mark.parametrize(("role", "relation", "may_see"), ACCESS_TABLE)
def test_case_access_follows_team_relation_and_role(role, relation, may_see):
    team = factories.TeamFactory()
    case = factories.CaseFactory()
    if relation == "owns":
        case.owning_team = team
        case.save()
    elif relation == "works_on":
        factories.CaseTeamFactory(case=case, team=team)
    if role in (Role.APPLICATION_MANAGER, Role.PRIVACY_OFFICER):
        actor = _actor(role=role, team=None, organisation=team.organisation)
    else:
        actor = _actor(role=role, team=team)

    assert (case in casework.visible_cases(actor)) is may_see
    if may_see:
        assert casework.case_for(actor, case.pk) == case
    else:
        with pytest.raises(NotFoundOrForbidden):
            casework.case_for(actor, case.pk)


def test_membership_of_another_team_in_same_organisation_sees_nothing():
    case = factories.CaseFactory()
    other_team = factories.TeamFactory(organisation=case.owning_team.organisation)
    actor = _actor(team=other_team)
    assert list(casework.visible_cases(actor)) == []


def test_expired_membership_sees_nothing():
    case = factories.CaseFactory()
    today = clock.today()
    actor = _actor(
        team=case.owning_team,
        valid_from=today - dt.timedelta(days=100),
        valid_until=today - dt.timedelta(days=1),
    )
    assert list(casework.visible_cases(actor)) == []


def test_acting_membership_decides_not_the_workers_other_memberships():
    case = factories.CaseFactory()
    owner_membership = factories.MembershipFactory(team=case.owning_team)
    other = factories.MembershipFactory(user=owner_membership.user)
    assert list(casework.visible_cases(Actor.worker(other.user, other))) == []
    assert list(casework.visible_cases(Actor.worker(owner_membership.user, owner_membership))) == [
        case
    ]


def test_anonymous_and_system_actors_see_no_cases():
    factories.CaseFactory()
    assert list(casework.visible_cases(Actor.anonymous())) == []
    assert list(casework.visible_cases(Actor.system("job"))) == []


def test_missing_and_forbidden_case_look_the_same():
    forbidden_case = factories.CaseFactory()
    actor = _actor()
    with pytest.raises(NotFoundOrForbidden) as forbidden:
        casework.case_for(actor, forbidden_case.pk)
    with pytest.raises(NotFoundOrForbidden) as missing:
        casework.case_for(actor, uuid.uuid4())
    with pytest.raises(NotFoundOrForbidden) as malformed:
        casework.case_for(actor, "not-a-uuid")
    assert str(forbidden.value) == str(missing.value) == str(malformed.value)


def test_case_read_is_logged_once_for_its_person_with_the_acting_membership():
    case = factories.CaseFactory()
    actor = _actor(team=case.owning_team)
    casework.case_for(actor, case.pk)
    ((line, audit),) = _log_lines(case.person_id)
    assert line.status_code == processing.STATUS_OK
    assert line.activity_key == processing.CASE_VIEW
    assert line.data_subject_id != str(case.person_id)  # a pseudonym, not the id
    assert audit.membership_id == str(actor.membership.pk)
    assert audit.role == actor.membership.role
    assert audit.object_id == str(case.pk)


def test_refused_case_read_is_logged_as_error_with_reason():
    case = factories.CaseFactory()
    with pytest.raises(NotFoundOrForbidden):
        casework.case_for(_actor(), case.pk)
    ((line, audit),) = _log_lines(case.person_id)
    assert line.status_code == processing.STATUS_ERROR
    assert line.refusal_reason == "no_relation_to_case"
    assert audit.action == f"refused:{processing.CASE_VIEW}"


def test_list_read_logs_one_line_per_person_shown():
    team = factories.TeamFactory()
    person = factories.PersonFactory()
    factories.CaseFactory(owning_team=team, person=person)
    factories.CaseFactory(owning_team=team, person=person)
    other = factories.CaseFactory(owning_team=team)
    unseen = factories.CaseFactory()  # another team's case: neither shown nor logged
    cases = casework.read_cases(_actor(team=team), activity=processing.CASE_WORKLIST)
    assert len(cases) == 3
    assert len(_log_lines(person.pk)) == 1
    assert len(_log_lines(other.person_id)) == 1
    assert _log_lines(unseen.person_id) == []
