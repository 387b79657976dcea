"""Inviting a worker by e-mail (a single-use, expiring link) and a worker leaving (every
membership ends and their open work goes to a colleague; decision 0048)."""

import datetime as dt
import io
import re

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from eenloket.accounts.models import Membership, Role, User, WorkerInvitation
from eenloket.audit.models import AuditEntry
from eenloket.cases.models import Case
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory import services as directory
from eenloket.handovers.invariants import violations
from eenloket.handovers.models import Handover
from eenloket.handovers.states import State
from eenloket.notifications import outbox
from eenloket.notifications.models import Message
from eenloket.teamwork.models import Action, Member, OwnerKind
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "paars-konijn-zwemt-2027"


@pytest.fixture
def team(manager):
    return factories.TeamFactory(organisation=manager.organisation, name="Schuldhulp")


def _invite(manager_client, team, **extra):
    data = {
        "username": "Fatima",
        "display_name": "Fatima el Amrani",
        "email": "fatima@example.nl",
        "organisation": str(team.organisation.pk),
        "team": str(team.pk),
        "role": Role.FRONTLINE_WORKER,
        **extra,
    }
    return manager_client.post(reverse("setup:worker_invite"), data)


def _link(smtp_server) -> str:
    outbox.send_due("w1")
    body = smtp_server.messages[-1].get_payload(decode=True).decode()
    return re.search(r"http://testserver(/werk/uitnodiging/[^/\s]+/)", body).group(1)


# ------------------------------------------------------------------ invitations


def test_an_invited_worker_sets_a_password_enrols_and_is_logged_in(
    manager_client, team, smtp_server, client
):
    response = _invite(manager_client, team)
    assert response.status_code == 302
    user = User.objects.get(username="fatima")
    assert not user.has_usable_password()
    assert user.memberships.get().team == team
    assert AuditEntry.objects.filter(action="worker_invite").count() == 1
    link = _link(smtp_server)
    received = smtp_server.messages[-1]
    assert received["To"] == "fatima@example.nl"
    body = received.get_payload(decode=True).decode()
    assert "fatima" in body and "één keer" in body
    # Only the digest is stored: the link itself is not in the database.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not WorkerInvitation.objects.filter(token_digest=token).exists()

    manager_client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "fatima" in page.content.decode()
    # A common password and two different ones are refused with a message; the link holds.
    assert (
        client.post(
            link, {"password": "password1234", "password_again": "password1234"}
        ).status_code
        == 400
    )
    different = client.post(
        link, {"password": GOOD_PASSWORD, "password_again": "x" + GOOD_PASSWORD}
    )
    assert "niet hetzelfde" in different.content.decode()
    response = client.post(link, {"password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:totp_enrol")
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    # The link is single-use.
    again = client.get(link)
    assert again.status_code == 404 and "al gebruikt" in again.content.decode()
    # The enrolment page follows, as after a first password; a code from the app logs in.
    enrol = client.get(reverse("backoffice:totp_enrol"))
    secret = client.session["eenloket_pending_totp_secret"]
    assert enrol.status_code == 200
    code = pyotp.TOTP(secret).at(clock.now())  # the server's clock (shifted in a CI run)
    done = client.post(reverse("backoffice:totp_enrol"), {"code": code})
    assert done.status_code == 302
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_an_expired_link_is_refused_and_a_new_one_replaces_the_old(
    manager_client, team, smtp_server, client, settings
):
    _invite(manager_client, team)
    first = _link(smtp_server)
    user = User.objects.get(username="fatima")
    manager_client.post(reverse("setup:invitation_resend", args=[user.pk]))
    second = _link(smtp_server)
    assert first != second
    assert "niet geldig" in client.get(first).content.decode()
    WorkerInvitation.objects.filter(used_at=None, revoked_at=None).update(
        expires_at=clock.now() - dt.timedelta(minutes=1)
    )
    response = client.post(second, {"password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
    assert response.status_code == 404 and "verlopen" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_an_invitation_needs_an_e_mail_address_and_makes_nothing_without(manager_client, team):
    response = _invite(manager_client, team, email="")
    assert response.status_code == 400
    assert "per e-mail" in response.content.decode()
    assert not User.objects.filter(username="fatima").exists()
    assert not Message.objects.exists()


def test_an_unknown_link_says_so(client):
    response = client.get(reverse("backoffice:invitation", args=["niet-bestaand"]))
    assert response.status_code == 404
    assert "niet geldig" in response.content.decode()


# ------------------------------------------------------------------ a worker leaves


@pytest.fixture
def work(team):
    """A leaving worker with an open case they coordinate, a handover they accepted, an open
    plan action and a place on a case team; a coordinator of the same team."""
    leaving = factories.MembershipFactory(team=team, organisation=team.organisation)
    coordinator = factories.MembershipFactory(
        team=team, organisation=team.organisation, role=Role.COORDINATOR
    )
    user = leaving.user
    case = factories.CaseFactory(owning_team=team, coordinator=user)
    other_case = factories.CaseFactory(owning_team=factories.TeamFactory())
    line = directory.contact_point_create(
        team=team,
        name="Schulden",
        service_level_hours=8,
        phone="030 000 00 00",
        actor=Actor.system("test"),
    )
    handover = Handover._base_manager.create(
        case=other_case, from_team=other_case.owning_team, from_user=coordinator.user,
        contact_point=line, to_team=team, question="Vraag", why_this_organisation="Schulden",
        asked="Bellen", state=State.ACCEPTED, accepted_by=user, sent_at=clock.now(),
        accepted_at=clock.now(), due_at=clock.now() + dt.timedelta(days=1),
    )  # fmt: skip
    action = Action._base_manager.create(
        case=case, what="Bellen met de verhuurder", owner_kind=OwnerKind.WORKER,
        owner_user=user, due_on=clock.today() + dt.timedelta(days=3), created_by=user,
    )  # fmt: skip
    Member._base_manager.create(case=other_case, user=user, team=team, role_on_case="schulden")
    return {"user": user, "coordinator": coordinator.user, "case": case, "handover": handover,
            "action": action, "other_case": other_case}  # fmt: skip


def test_leaving_without_a_colleague_is_refused_while_work_is_open(manager_client, work):
    user = work["user"]
    page = manager_client.get(reverse("setup:worker_offboard", args=[user.pk]))
    assert page.status_code == 200
    # The team's coordinator is chosen already.
    assert f'value="{work["coordinator"].pk}" selected' in page.content.decode()
    assert "niet verplicht" not in page.content.decode()  # open work: a colleague is needed
    response = manager_client.post(
        reverse("setup:worker_offboard", args=[user.pk]), {"successor": ""}
    )
    assert response.status_code == 400
    assert "nog open werk" in response.content.decode()
    assert Membership.objects.get(user=user).is_current()
    assert Case.objects.get(pk=work["case"].pk).coordinator == user


def test_leaving_hands_every_open_thing_to_the_colleague_and_ends_everything(manager_client, work):
    user, successor = work["user"], work["coordinator"]
    epoch = user.session_epoch
    response = manager_client.post(
        reverse("setup:worker_offboard", args=[user.pk]), {"successor": str(successor.pk)}
    )
    assert response.status_code == 302
    assert Case._base_manager.get(pk=work["case"].pk).coordinator == successor
    assert Handover._base_manager.get(pk=work["handover"].pk).accepted_by == successor
    assert Action._base_manager.get(pk=work["action"].pk).owner_user == successor
    assert Member._base_manager.get(case=work["other_case"], left_at=None).user == successor
    assert not Membership.objects.get(user=user).is_current(clock.today() + dt.timedelta(days=1))
    user.refresh_from_db()
    assert user.session_epoch > epoch
    for action in ("case_coordinator_hand_over", "handover_hand_over", "plan_action_hand_over"):
        assert AuditEntry.objects.filter(action=action).count() == 1, action
    assert violations() == []
    call_command("invariants")


def test_a_colleague_of_another_organisation_is_refused(manager_client, work):
    stranger = factories.MembershipFactory().user
    response = manager_client.post(
        reverse("setup:worker_offboard", args=[work["user"].pk]), {"successor": str(stranger.pk)}
    )
    assert response.status_code == 400
    assert Case._base_manager.get(pk=work["case"].pk).coordinator == work["user"]


def test_a_worker_without_open_work_leaves_without_a_colleague(manager_client, team):
    user = factories.MembershipFactory(team=team, organisation=team.organisation).user
    page = manager_client.get(reverse("setup:worker_offboard", args=[user.pk]))
    assert "niet verplicht" in page.content.decode()  # nothing to hand over: no colleague needed
    response = manager_client.post(
        reverse("setup:worker_offboard", args=[user.pk]), {"successor": ""}
    )
    assert response.status_code == 302
    assert not Membership.objects.get(user=user).is_current(clock.today() + dt.timedelta(days=1))


def test_leaving_asks_the_manager_for_the_code_again(client, manager, work):
    log_in(client, manager.user)
    session = client.session
    session["eenloket_second_factor_at"] = 0
    session.save()
    url = reverse("setup:worker_offboard", args=[work["user"].pk])
    response = client.post(url, {"successor": str(work["coordinator"].pk)})
    assert response.status_code == 302 and "bevestigen" in response["Location"]
    assert Case._base_manager.get(pk=work["case"].pk).coordinator == work["user"]


# ------------------------------------------------------------------ the first manager


def test_the_first_manager_is_made_by_command_once(db):
    out = io.StringIO()
    call_command(
        "createmanager", "Beheer", "--name", "Bea", "--organisation", "Gemeente Leeg", stdout=out
    )
    user = User.objects.get(username="beheer")
    password = re.search(r"first password: (\S+)", out.getvalue()).group(1)
    assert user.check_password(password)
    assert user.memberships.get().role == Role.APPLICATION_MANAGER
    assert user.memberships.get().organisation.name == "Gemeente Leeg"
    with pytest.raises(CommandError, match="al een applicatiebeheerder"):
        call_command("createmanager", "tweede", "--name", "X", "--organisation", "Gemeente Leeg")
    assert not User.objects.filter(username="tweede").exists()


def test_a_new_invitation_is_refused_for_a_worker_with_a_password(manager_client, team):
    user = factories.MembershipFactory(team=team, organisation=team.organisation).user
    response = manager_client.post(reverse("setup:invitation_resend", args=[user.pk]), follow=True)
    assert "al een wachtwoord" in response.content.decode()
    assert not WorkerInvitation.objects.exists()
