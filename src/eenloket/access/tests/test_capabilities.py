"""Every role rule is a declared capability: which role has which, and nobody else decides."""

import datetime as dt
import pathlib
import re
from types import SimpleNamespace

import pytest

from eenloket.access import capabilities
from eenloket.accounts.models import Role
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

# role -> the capabilities it has (everything else it has not)
GRANTS = {
    Role.FRONTLINE_WORKER: {"casework", "see_bsn", "break_glass", "report_signals"},
    Role.PARTNER_WORKER: {"casework", "report_signals"},
    Role.COORDINATOR: {
        "casework",
        "see_bsn",
        "break_glass",
        "confirm_break_glass",
        "merge_persons",
        "decide_access_requests",
        "see_organisation_figures",
        "report_signals",
        "answer_signals",
    },
    Role.APPLICATION_MANAGER: {"maintain_directory", "manage_outbox", "set_up"},
    Role.PRIVACY_OFFICER: {"query_processing_log"},
    Role.PROGRAMME_STAFF: {"see_all_figures", "oversee_signals"},
}


def _worker(role, **fields):
    if role in (Role.APPLICATION_MANAGER, Role.PRIVACY_OFFICER, Role.PROGRAMME_STAFF):
        fields.setdefault("team", None)  # these roles work for the organisation, not a team
    membership = factories.MembershipFactory(role=role, **fields)
    return Actor.worker(membership.user, membership)


@pytest.mark.parametrize("role", list(GRANTS))
@pytest.mark.parametrize("name", list(capabilities.ALL))
def test_each_role_has_exactly_its_declared_capabilities(role, name):
    assert capabilities.granted(_worker(role))[name] is (name in GRANTS[role])


@pytest.mark.parametrize("role", list(GRANTS))
def test_a_membership_that_ended_has_no_capability(role):
    yesterday = clock.today() - dt.timedelta(days=1)
    actor = _worker(role, valid_from=yesterday - dt.timedelta(days=30), valid_until=yesterday)
    assert not any(capabilities.granted(actor).values())


def test_citizens_and_anonymous_visitors_have_no_worker_capability():
    citizen = Actor.citizen(factories.PersonFactory().pk, assurance="substantieel")
    assert not any(capabilities.granted(citizen).values())
    assert not any(capabilities.granted(Actor.anonymous()).values())


def test_system_jobs_maintain_the_directory_but_see_nothing():
    system = Actor.system("reference content")
    assert capabilities.may_maintain_directory(system)
    assert capabilities.may_set_up(system)  # the pilot loader
    assert not any(capabilities.granted(system).values())


@pytest.mark.parametrize("role", list(GRANTS))
def test_only_a_current_application_manager_sets_up_the_loket(role):
    assert capabilities.may_set_up(_worker(role)) is (role == Role.APPLICATION_MANAGER)
    ended = _worker(role, valid_until=clock.today() - dt.timedelta(days=1))
    ended.membership.valid_from = clock.today() - dt.timedelta(days=30)
    assert not capabilities.may_set_up(ended)
    assert not capabilities.may_set_up(Actor.anonymous())


def test_a_direct_line_s_coordinator_sets_its_capacity_without_maintaining_the_directory():
    actor = _worker(Role.COORDINATOR)
    own_line = SimpleNamespace(coordinator_id=actor.user.pk)
    other_line = SimpleNamespace(coordinator_id=None)
    assert capabilities.may_set_line_capacity(actor, own_line)
    assert not capabilities.may_set_line_capacity(actor, other_line)
    assert capabilities.may_set_line_capacity(_worker(Role.APPLICATION_MANAGER), other_line)


def test_every_capability_is_described():
    for capability in capabilities.ALL.values():
        assert capability.roles
        assert len(capability.description) > 30


SOURCE = pathlib.Path(capabilities.__file__).resolve().parents[1]
# Roles are defined (and a membership validated) in accounts; every rule about what a role may
# do lives in access. Tests, demo data, the benchmark's own coordinator and migrations set roles
# up.
ROLE_RULE = re.compile(r"\.role\s*(==|!=|in\b|not in\b)|\bRole\.[A-Z_]+\b|CASEWORK_ROLES")
# Where roles are given rather than compared: the accounts, the set-up app's roster words and
# its first application manager, test and demo worlds.
MAY_SET_UP_ROLES = (
    "access/",
    "accounts/",
    "testing/",
    "demo/",
    "seeding",  # seeding.py and seeding_work.py: the seed's own workers and memberships
    "benchmarking",  # benchmarking.py and benchmarking_writes.py: the bench's own workers
    "setup/roster.py",
    "setup/services.py",
)


def test_no_view_selector_or_service_outside_access_compares_roles():
    offenders = []
    for path in sorted(SOURCE.rglob("*")):
        relative = path.relative_to(SOURCE).as_posix()
        if path.suffix not in (".py", ".html") or "/tests/" in relative:
            continue
        if "/migrations/" in relative or relative.startswith(MAY_SET_UP_ROLES):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ROLE_RULE.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == [], "declare the rule in access/capabilities.py instead"
