"""Sessions end everywhere on a password or role change; sensitive actions ask for the second
factor again (#26)."""

import datetime as dt

import pyotp
import pytest
from django.test import Client

from eenloket.accounts import services
from eenloket.accounts.models import Role
from eenloket.audit.models import AuditEntry
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
HOME = "/werk/"


def _logged_in(client) -> bool:
    return client.get(HOME).status_code == 200


def test_a_password_change_ends_every_session_of_that_worker_and_no_other():
    member = factories.MembershipFactory()
    other = factories.MembershipFactory()
    laptop, phone, colleague = log_in(Client(), member.user), log_in(Client(), member.user), None
    colleague = log_in(Client(), other.user)
    assert _logged_in(laptop) and _logged_in(phone)

    services.worker_set_password(user=member.user, password="een-nieuw-wachtwoord-42", actor=SYSTEM)

    assert not _logged_in(laptop)
    assert not _logged_in(phone)
    assert _logged_in(colleague)
    assert AuditEntry.objects.filter(action="worker_sessions_end", object_id=str(member.user.pk))


def test_a_weak_new_password_is_refused_and_sessions_stay():
    member = factories.MembershipFactory()
    laptop = log_in(Client(), member.user)
    with pytest.raises(DomainError) as refused:
        services.worker_set_password(user=member.user, password="kort", actor=SYSTEM)
    assert refused.value.field == "password"
    assert _logged_in(laptop)


@pytest.mark.parametrize(
    "change",
    [
        lambda m: services.membership_change_role(
            membership=m, role=Role.COORDINATOR, actor=SYSTEM
        ),
        lambda m: services.membership_end(membership=m, actor=SYSTEM),
        lambda m: services.membership_create(
            user=m.user,
            organisation=factories.OrganisationFactory(),
            team=None,
            role=Role.PRIVACY_OFFICER,
            actor=SYSTEM,
        ),
    ],
    ids=["role changed", "membership ended", "role added"],
)
def test_a_change_of_roles_ends_every_session_of_that_worker(change):
    member = factories.MembershipFactory()
    sessions = [log_in(Client(), member.user) for _ in range(2)]
    change(member)
    assert not any(_logged_in(s) for s in sessions)
    again = log_in(Client(), member.user)  # a new login works, with the new roles
    assert _logged_in(again)


def test_a_role_change_to_the_same_role_changes_nothing():
    member = factories.MembershipFactory()
    session = log_in(Client(), member.user)
    services.membership_change_role(membership=member, role=member.role, actor=SYSTEM)
    assert _logged_in(session)


def test_a_role_change_is_audited_with_old_and_new():
    member = factories.MembershipFactory()
    services.membership_change_role(membership=member, role=Role.COORDINATOR, actor=SYSTEM)
    entry = AuditEntry.objects.get(action="membership_change_role")
    assert entry.changes["role"] == [Role.FRONTLINE_WORKER, Role.COORDINATOR]


# The second factor again for sensitive actions ---------------------------------------------


def _enrolled(member):
    secret = pyotp.random_base32()
    services.totp_confirm_enrolment(
        user=member.user, secret=secret, code=pyotp.TOTP(secret).at(clock.now())
    )
    return secret


def test_export_and_break_glass_ask_for_the_code_again_after_five_minutes():
    with clock.frozen(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)):
        member = factories.MembershipFactory(role=Role.COORDINATOR)
        secret = _enrolled(member)
        case = factories.CaseFactory(owning_team=member.team)
        client = log_in(Client(), member.user)  # second factor given now
        export = f"/werk/zaken/{case.pk}/export.json"
        assert client.get(export).status_code == 200

        clock.advance(dt.timedelta(minutes=6))
        for url in (export, f"/werk/zaken/{case.pk}/spoedtoegang/"):
            asked = client.get(url)
            assert asked.status_code == 302
            assert asked["Location"].startswith("/werk/inloggen/bevestigen/?next=")

        wrong = client.post(asked["Location"], {"code": "000000"})
        assert wrong.status_code == 400
        clock.advance(dt.timedelta(seconds=31))
        confirmed = client.post(
            f"/werk/inloggen/bevestigen/?next={export}",
            {"code": pyotp.TOTP(secret).at(clock.now())},
        )
        assert confirmed.status_code == 302
        assert confirmed["Location"] == export
        assert client.get(export).status_code == 200


def test_the_confirm_page_does_not_send_a_worker_to_another_site():
    with clock.frozen(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)):
        member = factories.MembershipFactory()
        secret = _enrolled(member)
        client = log_in(Client(), member.user)
        clock.advance(dt.timedelta(seconds=31))
        response = client.post(
            "/werk/inloggen/bevestigen/?next=https://evil.example/",
            {"code": pyotp.TOTP(secret).at(clock.now())},
        )
        assert response["Location"] == "/werk/"


def test_a_demo_account_in_demo_mode_is_not_asked_again(settings):
    settings.EENLOKET_MODE = "demo"
    with clock.frozen(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)):
        member = factories.MembershipFactory(user=factories.UserFactory(is_demo=True))
        case = factories.CaseFactory(owning_team=member.team)
        client = log_in(Client(), member.user)
        clock.advance(dt.timedelta(hours=1))
        assert client.get(f"/werk/zaken/{case.pk}/export.json").status_code == 200


def test_role_changes_passwords_and_statutory_bases_ask_the_manager_for_the_code_again():
    """What changes who may see what (a role, a membership, a password, a statutory basis) is as
    sensitive as an export: a stolen manager's session alone cannot do it."""
    with clock.frozen(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)):
        manager = factories.MembershipFactory(role=Role.APPLICATION_MANAGER, team=None)
        _enrolled(manager)
        worker = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
        client = log_in(Client(), manager.user)  # second factor given now
        pages = (
            f"/werk/beheer/lidmaatschappen/{worker.pk}/rol/",
            f"/werk/beheer/medewerkers/{worker.user_id}/lidmaatschap/",
            f"/werk/beheer/medewerkers/{worker.user_id}/wachtwoord/",
            f"/werk/beheer/organisaties/{worker.organisation_id}/grondslagen/nieuw/",
        )
        for url in pages:
            assert client.get(url).status_code == 200, url

        clock.advance(dt.timedelta(minutes=6))
        for url in pages:
            asked = client.get(url)
            assert asked.status_code == 302, url
            assert asked["Location"].startswith("/werk/inloggen/bevestigen/?next=")
        ended = client.post(f"/werk/beheer/lidmaatschappen/{worker.pk}/beeindigen/")
        assert ended["Location"].startswith("/werk/inloggen/bevestigen/?next=")
        worker.refresh_from_db()
        assert worker.valid_until is None  # not ended without the code
