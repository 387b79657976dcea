"""The writes and the partner API of ``eenloket bench`` (docs/performance.md).

On top of the seeded country (``benchmarking.prepare``) it makes a partner organisation (UWV)
with a team, a direct line, a worker who receives handovers and an API client, and prepares,
through the services and before any clock runs, one object for every request that will write:

- *handover send*: a draft handover (with the citizen's consent) from the benchmark team to the
  partner's line; the request is the sender's "Send" on the handover page;
- *handover accept*: a sent handover; the request is the receiving worker's "Accept";
- *consent grant*: an open case of the benchmark team without consent for the partner; the
  request is the consent form, the citizen's "yes";
- *API list handovers*: the partner system lists its handovers (rotating over state filters);
- *API accept a handover*: a sent handover, accepted by the partner system
  (``POST /api/v1/handovers/{id}/accept``).

So a write is measured doing its real work every time, never answering "already done". The
objects left over from one run are used by the next.

For the demo and benchmarks only (``EENLOKET_MODE=demo``); it asserts nothing about speed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client

from eenloket.accounts.middleware import SESSION_EPOCH, SESSION_LOGIN_AT
from eenloket.accounts.models import Membership, Role, User
from eenloket.api import services as api_services
from eenloket.api.models import ApiClient
from eenloket.benchmarking_ops import BENCH_USER
from eenloket.cases.models import Case, CaseStatus
from eenloket.consent import services as consent
from eenloket.consent.models import Consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory import services as directory
from eenloket.directory.models import ContactPoint, Organisation, Team
from eenloket.handovers import services as handovers
from eenloket.handovers.models import Handover
from eenloket.handovers.states import State

PARTNER = "UWV (api bench)"
RECEIVER_USER = "bench-receiver"
SCOPES = ["handovers.read", "handovers.write"]
SYSTEM = Actor.system("api bench")
CATEGORIES = ["contact", "income"]
LIST_URLS = [
    "/api/v1/handovers?direction=incoming",
    "/api/v1/handovers?direction=incoming&state=sent",
    "/api/v1/handovers?direction=incoming&state=accepted",
]


def _partner() -> tuple[Team, ContactPoint, str]:
    """The partner's team, direct line and a fresh token of its client."""
    organisation, _made = Organisation.objects.get_or_create(
        name=PARTNER, defaults={"kind": Organisation.Kind.NATIONAL_AGENCY}
    )
    team, _made = Team.objects.get_or_create(organisation=organisation, name="WW bench")
    line = ContactPoint.objects.filter(team=team).first() or directory.contact_point_create(
        team=team, name="WW", service_level_hours=8, phone="030 000 00 99", actor=SYSTEM
    )
    client = ApiClient.objects.filter(organisation=organisation, name="bench").first()
    if client is None:
        client, token = api_services.client_create(
            name="bench", team=team, scopes=SCOPES, actor=SYSTEM
        )
    else:
        _token, token = api_services.token_rotate(client=client, actor=SYSTEM)
    return team, line, token


def _receiver(team: Team) -> User:
    """The partner's worker who accepts handovers on the handover page."""
    user = User.objects.filter(username=RECEIVER_USER).first()
    if user is None:
        user = User.objects.create_user(
            username=RECEIVER_USER, password=None, display_name="Bench ontvanger"
        )
        Membership.objects.create(
            user=user, organisation=team.organisation, team=team, role=Role.PARTNER_WORKER
        )
    return user


def _fresh_cases(sender: Actor, partner_team: Team, count: int) -> list[Case]:
    """Open cases of the sender's team that have nothing with the partner yet."""
    if count <= 0:
        return []
    handed = Handover._base_manager.filter(to_team=partner_team).values("case_id")
    consented = Consent._base_manager.filter(recipient=partner_team.organisation).values("case_id")
    return list(
        Case._base_manager.filter(owning_team=sender.membership.team, status=CaseStatus.OPEN)
        .exclude(pk__in=handed)
        .exclude(pk__in=consented)
        .order_by("pk")[:count]
    )


def _hand_over(sender: Actor, line: ContactPoint, partner_team: Team, *, state, count: int, say):
    """Make sure ``count`` handovers to the partner wait in ``state`` (DRAFT or SENT); their ids."""
    waiting = Handover._base_manager.filter(
        to_team=partner_team, from_team=sender.membership.team, state=state
    )
    missing = count - waiting.count()
    if missing > 0:
        say(f"preparing {missing} handovers ({state}) for the partner ...")
    for case in _fresh_cases(sender, partner_team, missing):
        consent.consent_record(
            case=case,
            recipient=partner_team.organisation,
            categories=CATEGORIES,
            purpose="WW aanvragen",
            valid_until=clock.today() + dt.timedelta(days=60),
            given=True,
            recorded_via="desk",
            actor=sender,
        )
        draft = handovers.handover_draft(
            case=case,
            contact_point=line,
            question="Kunnen jullie helpen met de WW?",
            why_this_organisation="WW",
            asked="Bel haar.",
            actor=sender,
        )
        if state == State.SENT:
            handovers.handover_send(handover=draft, actor=sender, reason_without_contact="bench")
    return list(waiting.order_by("pk").values_list("pk", flat=True)[:count])


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="eenloket.accounts.backends.WorkerBackend")
    stored = client.session
    stored[SESSION_LOGIN_AT] = clock.now().timestamp()
    stored[SESSION_EPOCH] = user.session_epoch
    stored.save()
    return client


def prepare(names: list[str], *, needed: int, say: Callable[[str], None]) -> dict:
    """Objects for ``needed`` requests of each write in ``names``; the pages (as ``Page``'s
    fields), the extra sessions and the API token."""
    user = User.objects.get(username=BENCH_USER)
    sender = Actor.worker(user, Membership.objects.get(user=user))
    partner_team, line, token = _partner()
    receiver = _receiver(partner_team)
    pages = []
    if "handover send" in names:
        drafts = _hand_over(sender, line, partner_team, state=State.DRAFT, count=needed, say=say)
        pages.append(
            {
                "name": "handover send",
                "urls": [f"/werk/overdrachten/{pk}/" for pk in drafts],
                "session": "worker",
                "method": "POST",
                "body": {"action": "send", "send-reason_without_contact": "bench"},
                "expect": 302,
                "fresh": True,
            }
        )
    accepts = [name for name in ("handover accept", "API accept a handover") if name in names]
    sent = _hand_over(
        sender, line, partner_team, state=State.SENT, count=needed * len(accepts), say=say
    )
    for index, name in enumerate(accepts):
        own = sent[index * needed : (index + 1) * needed]
        web = name == "handover accept"
        pages.append(
            {
                "name": name,
                "urls": [
                    f"/werk/overdrachten/{pk}/" if web else f"/api/v1/handovers/{pk}/accept"
                    for pk in own
                ],
                "session": "receiver" if web else "api",
                "method": "POST",
                "body": {"action": "accept"} if web else {},
                "expect": 302 if web else 200,
                "fresh": True,
            }
        )
    if "consent grant" in names:
        say(f"choosing {needed} cases without consent for the partner ...")
        cases = _fresh_cases(sender, partner_team, needed)
        pages.append(
            {
                "name": "consent grant",
                "urls": [f"/werk/zaken/{case.pk}/toestemming/nieuw/" for case in cases],
                "session": "worker",
                "method": "POST",
                "body": {
                    "recipient": str(partner_team.organisation_id),
                    "categories": CATEGORIES,
                    "purpose": "WW aanvragen",
                    "valid_until": (clock.today() + dt.timedelta(days=60)).isoformat(),
                    "answer": "given",
                    "recorded_via": "desk",
                },
                "expect": 302,
                "fresh": True,
            }
        )
    if "API list handovers" in names:
        pages.append({"name": "API list handovers", "urls": LIST_URLS, "session": "api"})
    order = {name: index for index, name in enumerate(names)}
    return {
        "pages": sorted(pages, key=lambda page: order[page["name"]]),
        "clients": {
            "receiver": _client(receiver),
            "api": Client(HTTP_AUTHORIZATION=f"Bearer {token}"),
        },
        "token": token,
    }
