"""Every refusal of the team, plan and table services: who may not, and what is missing, each
with the field it names, and nothing stored (docs/teamwork.md)."""

import datetime as dt

import pytest

from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.teamwork import services
from eenloket.teamwork.models import Action, Breakthrough, BreakthroughTable, Invitation, TeamNote
from eenloket.teamwork.tests.test_teamwork import world  # noqa: F401 (a fixture)
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


@pytest.fixture(autouse=True)
def in_english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _stored():
    return (
        Invitation.objects.count(),
        Action.objects.count(),
        TeamNote.objects.count(),
        Breakthrough.objects.count(),
        BreakthroughTable.objects.count(),
    )


def _outsider():
    stranger = factories.MembershipFactory()
    return Actor.worker(stranger.user, stranger)


def _refused(call, *, field=None, says=None):
    before = _stored()
    with pytest.raises(DomainError) as refused:
        call()
    assert refused.value.field == field
    if says:
        assert says in str(refused.value.message)
    assert _stored() == before
    return refused.value


def test_inviting_needs_the_coordinator_or_owning_team_and_a_worker(world):  # noqa: F811
    def invite(actor, **extra):
        return lambda: services.member_invite(
            case=world["case"], team=world["bbz"].membership.team, actor=actor,
            role_on_case=extra.pop("role_on_case", "Bbz"), **extra,
        )  # fmt: skip

    _refused(invite(_outsider()), says="coordinator or owning team")
    _refused(invite(SYSTEM), says="worker in a team")
    _refused(invite(world["coordinator"], role_on_case="  "), field="role_on_case")
    someone_else = factories.MembershipFactory().user
    _refused(invite(world["coordinator"], user=someone_else), field="user")
    invite(world["coordinator"])()
    _refused(invite(world["coordinator"]), field="team", says="already waiting")


def test_an_invitation_is_answered_once_and_only_by_its_team(world):  # noqa: F811
    invitation = services.member_invite(
        case=world["case"],
        team=world["bbz"].membership.team,
        role_on_case="Bbz",
        actor=world["coordinator"],
    )
    _refused(
        lambda: services.invitation_answer(invitation=invitation, accept=True, actor=world["tax"]),
        says="not for you",
    )
    services.invitation_answer(invitation=invitation, accept=False, actor=world["bbz"])
    _refused(
        lambda: services.invitation_answer(invitation=invitation, accept=True, actor=world["bbz"]),
        says="already answered",
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"what": " "}, "what"),
        ({"owner_kind": "somebody"}, "owner_kind"),
        ({"owner_kind": "worker"}, "owner_user"),
        ({"owner_kind": "organisation"}, "owner_team"),
        ({"due_on": None}, "due_on"),
        ({"what_citizen": " "}, "what_citizen"),
        ({"what_citizen_key": "anything"}, "what_citizen_key"),
    ],
)
def test_a_plan_action_needs_what_who_and_by_when(world, change, field):  # noqa: F811
    values = {
        "case": world["case"],
        "what": "Aanvraag Bbz indienen",
        "what_citizen": "U vraagt de Bbz-uitkering aan.",
        "owner_kind": "citizen",
        "due_on": clock.today() + dt.timedelta(days=7),
        "actor": world["coordinator"],
    } | change
    _refused(lambda: services.action_add(**values), field=field)


def test_only_the_case_team_adds_to_the_plan_or_writes_in_the_conversation(world):  # noqa: F811
    outsider = _outsider()
    _refused(
        lambda: services.action_add(
            case=world["case"],
            what="Iets doen",
            what_citizen="U doet iets.",
            owner_kind="citizen",
            due_on=clock.today() + dt.timedelta(days=7),
            actor=outsider,
        ),
        says="case's team",
    )
    _refused(
        lambda: services.team_note_add(case=world["case"], text="Hallo", actor=outsider),
        says="case's team",
    )
    _refused(
        lambda: services.team_note_add(case=world["case"], text="   ", actor=world["coordinator"]),
        field="text",
    )


def test_only_the_coordinator_puts_a_case_to_the_table_with_every_part_filled(world):  # noqa: F811
    table = services.table_create(name="Doorbraaktafel (test)", members=[], actor=SYSTEM)
    filled = {"question": "Kan het?", "blocker": "De regel X", "proposal": "Maatwerk"}

    coded = {
        "regulation": "participatiewet",
        "organisation": world["case"].owning_team.organisation,
        "effect": "no_income",
    }

    def submit(actor, **change):
        values = filled | change
        return lambda: services.breakthrough_submit(
            case=world["case"], table=table, actor=actor, **coded, **values
        )

    _refused(submit(world["bbz"]), says="coordinator")
    for field in filled:
        _refused(submit(world["coordinator"], **{field: " "}), field=field)
    _refused(
        submit(world["coordinator"], blocker="Geblokkeerd voor 123456782"),
        field="blocker",
        says="without personal data",
    )
    # The signal every submission makes needs its codes: a wrong one is refused by its field.
    for field, wrong in (("regulation", "geen-wet"), ("effect", "x"), ("organisation", None)):
        _refused(
            lambda field=field, wrong=wrong: services.breakthrough_submit(
                case=world["case"],
                table=table,
                actor=world["coordinator"],
                **filled,
                **(coded | {field: wrong}),
            ),
            field=field,
        )
    assert not Breakthrough.objects.exists()  # nothing of a refused submission is kept


def test_a_table_needs_a_name_of_its_own():
    services.table_create(name="Doorbraaktafel Utrecht", members=[], actor=SYSTEM)
    _refused(lambda: services.table_create(name="  ", members=[], actor=SYSTEM), field="name")
    _refused(
        lambda: services.table_create(name="Doorbraaktafel Utrecht ", members=[], actor=SYSTEM),
        field="name",
        says="already exists",
    )
