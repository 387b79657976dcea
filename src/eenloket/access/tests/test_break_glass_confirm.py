"""Break-glass with four eyes (#23, decision 0049): a listed reason opens only its categories; a
second worker — a coordinator with a relation to the case, never the opener — confirms within
the hour, or the access ends at the hour (at read time, whether or not the job ran)."""

import datetime as dt
import uuid

import pytest
from django.test import Client

from eenloket.access import break_glass, casework
from eenloket.accounts.models import Role
from eenloket.audit.models import AuditEntry, ProcessingLogEntry
from eenloket.audit.pseudonyms import person_pseudonym
from eenloket.cases import selectors as case_selectors
from eenloket.cases import services as cases
from eenloket.consent import break_glass as confirmations
from eenloket.consent import services as consent
from eenloket.consent.models import BreakGlassAccess
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.notifications.models import WorkerNotification
from eenloket.people import services as people
from eenloket.scheduling.jobs import job
from eenloket.teamwork.models import Invitation
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
REASON = "Mevrouw wordt morgen uit haar huis gezet, het team is dicht"


def _actor(membership):
    return Actor.worker(membership.user, membership)


@pytest.fixture
def world():
    """Sandra's case at the loket, with her debts and her health; a worker of debt counselling,
    invited to the case, opens it by break-glass. The loket's coordinator may confirm."""
    loket = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    chief = factories.MembershipFactory(
        role=Role.COORDINATOR, organisation=loket.organisation, team=loket.team
    )
    debt = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    sandra = people.person_create(given_names="Sandra", surname="Visser", actor=SYSTEM)
    case = cases.case_open(
        person=sandra,
        question_verbatim="Ik moet uit mijn huis.",
        owning_team=loket.team,
        next_step="Verhuurder bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    for category, label in (("debts", "Huurachterstand"), ("health", "Diabetes")):
        cases.fact_record(
            case=case,
            category=category,
            label=label,
            value="-",
            as_of=clock.today(),
            source="gesprek",
            actor=SYSTEM,
        )
    # Debt counselling is invited to the case and has not answered yet: a relation, no access.
    Invitation._base_manager.create(
        case=case, team=debt.team, role_on_case="Schulden", invited_by=loket.user
    )
    return {"loket": loket, "chief": chief, "debt": debt, "case": case}


def _open(world, code="eviction_cutoff"):
    return consent.break_glass_open(
        case_id=world["case"].pk, reason=REASON, reason_code=code, actor=_actor(world["debt"])
    )


def _sees(world) -> bool:
    try:
        seen = casework.case_for(_actor(world["debt"]), world["case"].pk)
    except NotFoundOrForbidden:
        return False
    assert seen.disclosure.relation == "break_glass"
    return True


def test_without_a_confirmation_the_access_ends_at_the_hour_even_when_the_job_is_late(world):
    start = clock.now()
    with clock.frozen(start):
        glass = _open(world)
    assert glass.confirm_before == start + break_glass.CONFIRM_WITHIN
    with clock.frozen(start + dt.timedelta(minutes=59, seconds=59)):
        assert _sees(world)
    with clock.frozen(start + dt.timedelta(hours=1)):
        # The job has not run: the read-time check ends it on the minute.
        assert not _sees(world)
        assert BreakGlassAccess.objects.get().ended_at is None
    with clock.frozen(start + dt.timedelta(hours=1, minutes=7)):  # the job, late
        assert job("break-glass-end").run() == 1
        assert job("break-glass-end").run() == 0  # once
        assert not _sees(world)
    glass.refresh_from_db()
    assert glass.ended_at == glass.confirm_before and glass.confirmed_at is None
    assert AuditEntry.objects.filter(action="break_glass_end", object_id=str(glass.case_id))
    told = WorkerNotification.objects.filter(user=world["debt"].user, kind="break_glass")
    assert told.count() == 1
    # Too late to confirm now.
    with pytest.raises(DomainError):
        confirmations.break_glass_confirm(access=glass, actor=_actor(world["chief"]))


def test_a_confirmation_within_the_hour_keeps_it_to_its_normal_end(world):
    start = clock.now()
    with clock.frozen(start):
        glass = _open(world)
    # The coordinator of the owning team is asked, not the worker who opened it.
    asked = WorkerNotification.objects.filter(kind="break_glass_confirm")
    assert [n.user for n in asked] == [world["chief"].user]
    assert asked.get().link == f"break_glass_confirm:{glass.pk}"
    with clock.frozen(start + dt.timedelta(minutes=40)):
        confirmations.break_glass_confirm(access=glass, actor=_actor(world["chief"]))
    with clock.frozen(start + dt.timedelta(hours=2)):
        assert job("break-glass-end").run() == 0
        assert _sees(world)
    end = start + break_glass.BREAK_GLASS_DURATION
    with clock.frozen(end - dt.timedelta(seconds=1)):
        assert _sees(world)
    with clock.frozen(end):
        assert not _sees(world)
    glass.refresh_from_db()
    assert glass.confirmed_by == world["chief"].user and glass.ended_at is None
    assert AuditEntry.objects.filter(action="break_glass_confirm").count() == 1
    with pytest.raises(DomainError):  # once
        confirmations.break_glass_confirm(access=glass, actor=_actor(world["chief"]))


def test_the_worker_who_opened_it_cannot_confirm_it(world):
    # A coordinator of the debt team opens it: coordinator or not, not her own.
    opener = factories.MembershipFactory(
        role=Role.COORDINATOR, organisation=world["debt"].organisation, team=world["debt"].team
    )
    glass = consent.break_glass_open(
        case_id=world["case"].pk, reason=REASON, reason_code="danger", actor=_actor(opener)
    )
    with pytest.raises(NotFoundOrForbidden):
        break_glass.break_glass_for_confirmation(_actor(opener), glass.pk)
    with pytest.raises(DomainError):
        confirmations.break_glass_confirm(access=glass, actor=_actor(opener))
    client = log_in(Client(), opener.user)
    assert client.get(f"/werk/spoedtoegang/{glass.pk}/bevestigen/").status_code == 404
    assert client.post(f"/werk/spoedtoegang/{glass.pk}/bevestigen/").status_code == 404
    glass.refresh_from_db()
    assert glass.confirmed_at is None
    reasons = ProcessingLogEntry.objects.filter(
        data_subject_id=person_pseudonym(world["case"].person_id), status_code="error"
    ).values_list("attributes__eenloket.refusal_reason", flat=True)
    assert break_glass.SAME_WORKER in list(reasons)


def test_an_uninvolved_worker_gets_not_found_and_the_right_one_confirms_on_the_screen(world):
    glass = _open(world)
    url = f"/werk/spoedtoegang/{glass.pk}/bevestigen/"
    stranger = factories.MembershipFactory(role=Role.COORDINATOR)  # another organisation
    colleague = world["loket"]  # on the case, but not a coordinator
    for membership in (stranger, colleague):
        client = log_in(Client(), membership.user)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    chief = log_in(Client(), world["chief"].user)
    assert chief.get(f"/werk/spoedtoegang/{uuid.uuid4()}/bevestigen/").status_code == 404
    page = chief.get(url)
    assert page.status_code == 200 and REASON in page.content.decode()
    assert chief.post(url).status_code == 302
    glass.refresh_from_db()
    assert glass.confirmed_by == world["chief"].user
    assert chief.post(url).status_code == 400  # already confirmed: said, not a 500


def test_the_listed_reason_opens_only_its_categories_and_never_the_bsn(world):
    worker = _actor(world["debt"])
    assert not _sees(world)
    _open(world, code="danger")
    labels = {
        f.label for f in case_selectors.case_page(actor=worker, case_id=world["case"].pk).facts
    }
    assert labels == {"Diabetes"}  # health, not the debts
    BreakGlassAccess.objects.update(ended_at=clock.now())
    _open(world, code="eviction_cutoff")
    page = case_selectors.case_page(actor=worker, case_id=world["case"].pk)
    assert {f.label for f in page.facts} == {"Huurachterstand"}
    assert not page.disclosure.allows("identity")
