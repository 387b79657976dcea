"""The authorisation matrix (#26): every route of the URL configuration by every kind of actor,
checked for real against one world of existing objects.

The expected answers are declared in ``testing/route_matrix.py`` (a table keyed by URL name);
this module holds the actors, the world they act in, how a route's URL is filled in with the
world's ids, and how one cell is checked. ``core/tests/test_authorisation_matrix.py`` runs it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlparse

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from eenloket.accounts.middleware import SESSION_EPOCH, SESSION_LOGIN_AT, SESSION_SECOND_FACTOR_AT
from eenloket.accounts.models import Role

# The actors. Each is one kind of person the matrix asks about.
ANONYMOUS = "anonymous"
CITIZEN = "citizen"  # the person whose question the world is about
OTHER_CITIZEN = "other_citizen"  # someone else, with a question of their own
REP_IN_SCOPE = "representative_in_scope"  # acts for the citizen, in money matters
REP_OUT_OF_SCOPE = "representative_out_of_scope"  # acts for the citizen, in care matters only
FRONTLINE = "frontline_worker"  # in the team that owns the case
PARTNER_WITH_BASIS = "partner_with_basis"  # accepted a handover; the citizen consented
PARTNER_WITHOUT_BASIS = "partner_without_basis"  # another organisation, nothing shared
COORDINATOR = "coordinator"  # coordinates the owning team (and the case)
APP_MANAGER = "application_manager"
PRIVACY_OFFICER = "privacy_officer"
PROGRAMME_STAFF = "programme_staff"  # the programme's analysts: figures and signals, no cases
# Partner systems calling the API with a bearer token (#21): the UWV team's system (its team
# accepted the handover; every scope) and another organisation's (no direct lines scope).
API_PARTNER = "api_client_partner"
API_OTHER = "api_client_other_organisation"

ACTORS = (
    ANONYMOUS,
    CITIZEN,
    OTHER_CITIZEN,
    REP_IN_SCOPE,
    REP_OUT_OF_SCOPE,
    FRONTLINE,
    PARTNER_WITH_BASIS,
    PARTNER_WITHOUT_BASIS,
    COORDINATOR,
    APP_MANAGER,
    PRIVACY_OFFICER,
    PROGRAMME_STAFF,
    API_PARTNER,
    API_OTHER,
)
CITIZENS = frozenset({CITIZEN, OTHER_CITIZEN, REP_IN_SCOPE, REP_OUT_OF_SCOPE})
WORKERS = frozenset(
    {
        FRONTLINE,
        PARTNER_WITH_BASIS,
        PARTNER_WITHOUT_BASIS,
        COORDINATOR,
        APP_MANAGER,
        PRIVACY_OFFICER,
        PROGRAMME_STAFF,
    }
)
API_CLIENTS = frozenset({API_PARTNER, API_OTHER})
EVERYONE = frozenset(ACTORS)


@dataclass(frozen=True)
class Rule:
    """What one route answers each actor.

    ``allow``: the actors who get the page (or, for a write, a form answer: a redirect onward
    or the form again with errors); every other actor is refused: "not found" (404), 403, or
    sent to log in. ``method``: the request the matrix makes (a write is posted empty, so an
    allowed actor sees the form's errors and nothing changes that the next cell would see).
    ``logs_refusal``: a refused worker leaves a refused line in the processing log.
    ``ids``: for a URL part, the name of the world's id to use instead of the part's own name
    (``message_id`` means a portal message on one route and an outbox message on another).
    ``data``: for an API write, the JSON body posted (a valid one, so an allowed client gets
    the service's answer and a refused one the refusal, not a complaint about the body).
    """

    allow: frozenset[str]
    method: str = "get"
    logs_refusal: bool = False
    note: str = ""
    ids: dict = field(default_factory=dict)
    data: dict | None = None


def rule(*allow, method="get", logs_refusal=False, note="", ids=None, data=None) -> Rule:
    """A matrix entry: ``allow`` lists actors or groups of actors; everyone else is refused."""
    names = set()
    for item in allow:
        names |= set(item) if isinstance(item, frozenset | set | tuple) else {item}
    unknown = names - EVERYONE
    assert not unknown, f"unknown actors {unknown}"
    assert method in ("get", "post"), method
    return Rule(frozenset(names), method, logs_refusal, note, ids or {}, data)


# Routes ---------------------------------------------------------------------------------------


def all_routes(urlconf=None) -> dict[str, str]:
    """Every route of the URL configuration: its key (``namespace:name``, or the route itself
    when it has no name) and its route with converters (``werk/zaken/<uuid:case_id>/``)."""
    found: dict[str, str] = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, route, ns)
            elif isinstance(pattern, URLPattern):
                key = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                found[key or route] = route

    walk(get_resolver(urlconf).url_patterns, "", "")
    return found


def missing_from_matrix(routes: dict[str, str], table: dict) -> list[str]:
    """The routes that have no entry in the matrix (each must get one)."""
    return sorted(key for key in routes if key not in table)


CONVERTER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def fill(route: str, ids: dict[str, str]) -> str:
    """The route with every converter replaced by the world's id for that name."""

    def value(match):
        name = match.group(1)
        assert name in ids, f"the matrix world has no id for <{name}> in {route}"
        return str(ids[name])

    return "/" + CONVERTER.sub(value, route)


def parts(route: str) -> list[str]:
    """The names of the route's converters (``case_id``, ``key``...)."""
    return CONVERTER.findall(route)


# Logging in as an actor ------------------------------------------------------------------------


def client_for(actor: str, world: World) -> Client:
    """A client logged in as ``actor`` the way a real login leaves the session."""
    from eenloket.core import clock
    from eenloket.portal import session as portal_session

    client = Client(REMOTE_ADDR="127.0.0.9")
    if actor in API_CLIENTS:
        client = Client(REMOTE_ADDR="127.0.0.9", HTTP_AUTHORIZATION=f"Bearer {world.tokens[actor]}")
    elif actor in WORKERS:
        user = world.users[actor]
        client.force_login(user, backend="eenloket.accounts.backends.WorkerBackend")
        session = client.session
        session[SESSION_LOGIN_AT] = session[SESSION_SECOND_FACTOR_AT] = clock.now().timestamp()
        session[SESSION_EPOCH] = user.session_epoch
        session.save()
    elif actor in CITIZENS:
        person = world.persons[actor]
        session = client.session
        session[portal_session.SESSION_PERSON] = str(person.pk)
        session[portal_session.SESSION_ASSURANCE] = "substantieel"
        session[portal_session.SESSION_LOGIN_AT] = clock.now().timestamp()
        session[portal_session.SESSION_METHOD] = "digid"
        representation = world.representations.get(actor)
        if representation is not None:
            session[portal_session.SESSION_ACTING] = str(representation.pk)
            session[portal_session.SESSION_ACTING_FOR] = str(representation.represented_id)
            session[portal_session.SESSION_ACTING_NAME] = "(matrix)"
        session.save()
    return client


def fresh_client(world: World, actor: str) -> Client:
    """The actor's client with its login cookies as built (a cell may have logged out)."""
    client = world.clients[actor]
    client.cookies = SimpleCookie(world.cookies[actor])
    return client


# The answer ------------------------------------------------------------------------------------

LOGIN_PAGES = ("/werk/inloggen/", "/mijn/inloggen/", "/mijn/")


def outcome(response) -> str:
    """Classify an answer: "allow", "deny" or "error" (a 500 is never right)."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status == 401:  # the API without a usable bearer token
        return "deny"
    if status == 405:
        return "wrong method (the entry's method is not the route's)"
    if status in (403, 404):
        return "deny"
    if status in (301, 302, 303):
        target = urlparse(response["Location"]).path
        if target.startswith("/werk/inloggen/") and not target.startswith(
            "/werk/inloggen/bevestigen/"
        ):
            return "deny"
        if target == "/mijn/inloggen/":
            return "deny"
        return "allow"
    return "allow"


def ids_for(entry: Rule, world: World) -> dict:
    ids = dict(world.ids)
    for part, name in entry.ids.items():
        ids[part] = world.ids[name]
    return ids


# The world -------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # actor -> User
    memberships: dict = field(default_factory=dict)  # actor -> Membership
    persons: dict = field(default_factory=dict)  # actor -> Person (the one who logs in)
    representations: dict = field(default_factory=dict)  # actor -> Representation
    ids: dict = field(default_factory=dict)  # URL kwarg -> value
    tokens: dict = field(default_factory=dict)  # API actor -> bearer token
    case: object = None
    person: object = None


def build_world() -> World:
    """One set of existing objects that every route's ids point into, made through the
    services: a citizen's question owned by a municipal team, handed over to and accepted by a
    UWV team with the citizen's consent for income, two representatives, and everything the
    case's sub-pages name (household, document, upload, plan, team, application, guide item,
    consent, break-glass, access request, call back, message, appointment, directory)."""
    from eenloket.access import api as api_rules
    from eenloket.api import services as api_clients
    from eenloket.applications import services as applications
    from eenloket.appointments import services as appointments
    from eenloket.appointments.tests.desk import make_desk
    from eenloket.cases import services as cases
    from eenloket.cases.models import Case, ContactChannel, Direction, Verification
    from eenloket.consent import services as consent
    from eenloket.core import clock
    from eenloket.core.actor import Actor
    from eenloket.directory import reference
    from eenloket.directory import services as directory
    from eenloket.directory.models import LifeEventTask, Organisation, Scheme
    from eenloket.documents import services as documents
    from eenloket.handovers import services as handovers
    from eenloket.handovers.states import State
    from eenloket.notifications import outbox
    from eenloket.notifications.models import Message, PortalMessage
    from eenloket.people import services as people
    from eenloket.people.models import (
        HouseholdRelation,
        Matter,
        RepresentationBasis,
        RepresentationKind,
    )
    from eenloket.signals import services as signals
    from eenloket.teamwork import services as teamwork
    from eenloket.teamwork.models import Member
    from eenloket.testing import factories

    system = Actor.system("matrix")
    world = World()
    today = clock.today()
    reference.load(actor=system)  # the shipped directory: life events, tasks, schemes

    gemeente = factories.OrganisationFactory(name="Gemeente Matrix")
    uwv = factories.OrganisationFactory(name="UWV Matrix", kind=Organisation.Kind.NATIONAL_AGENCY)
    mitros = factories.OrganisationFactory(name="Mitros Matrix", kind=Organisation.Kind.HOUSING)
    desk_team = factories.TeamFactory(organisation=gemeente, name="Informatiepunt")
    uwv_team = factories.TeamFactory(organisation=uwv, name="Directe lijn WW")
    mitros_team = factories.TeamFactory(organisation=mitros, name="Klantcontact")

    def member(actor, role, organisation, team):
        membership = factories.MembershipFactory(role=role, organisation=organisation, team=team)
        world.users[actor] = membership.user
        world.memberships[actor] = membership
        return Actor.worker(membership.user, membership)

    frontline = member(FRONTLINE, Role.FRONTLINE_WORKER, gemeente, desk_team)
    coordinator = member(COORDINATOR, Role.COORDINATOR, gemeente, desk_team)
    partner = member(PARTNER_WITH_BASIS, Role.PARTNER_WORKER, uwv, uwv_team)
    stranger = member(PARTNER_WITHOUT_BASIS, Role.PARTNER_WORKER, mitros, mitros_team)
    member(APP_MANAGER, Role.APPLICATION_MANAGER, gemeente, None)
    officer = member(PRIVACY_OFFICER, Role.PRIVACY_OFFICER, gemeente, None)
    member(PROGRAMME_STAFF, Role.PROGRAMME_STAFF, gemeente, None)

    uwv_line = directory.contact_point_create(
        team=uwv_team,
        name="WW (matrix)",
        service_level_hours=8,
        phone="030 000 00 31",
        actor=system,
    )
    directory.contact_point_create(
        team=mitros_team,
        name="Huur (matrix)",
        service_level_hours=8,
        phone="030 000 00 32",
        actor=system,
    )

    person = people.person_create(
        given_names="Sandra",
        surname="Matrix",
        bsn="999176110",
        birth_date=dt.date(1984, 5, 17),
        channels_preferred=["portal"],
        actor=system,
    )
    other = people.person_create(surname="Anders", channels_preferred=["portal"], actor=system)
    son = people.person_create(surname="Matrix-zoon", actor=system)
    neighbour = people.person_create(surname="Buur", actor=system)
    housemate = people.person_create(surname="Huisgenoot", actor=system)
    world.persons.update(
        {CITIZEN: person, OTHER_CITIZEN: other, REP_IN_SCOPE: son, REP_OUT_OF_SCOPE: neighbour}
    )
    world.person = person

    case = cases.case_open(
        person=person,
        question_verbatim="Ik heb geen werk meer en de brieven stapelen zich op.",
        needs=["debt_help"],
        life_events=["job_loss"],
        owning_team=desk_team,
        coordinator=coordinator.user,
        next_step="WW aanvragen",
        next_step_due=today + dt.timedelta(days=3),
        actor=frontline,
    )
    cases.case_open(
        person=other,
        question_verbatim="Een vraag van iemand anders.",
        owning_team=desk_team,
        coordinator=coordinator.user,
        next_step="Terugbellen",
        next_step_due=today + dt.timedelta(days=3),
        actor=frontline,
    )
    case = Case._base_manager.get(pk=case.pk)
    world.case = case

    in_scope = people.representation_create(
        represented=person,
        representative=son,
        kind=RepresentationKind.FAMILY,
        matters=[Matter.FINANCIAL],
        basis=RepresentationBasis.WRITTEN_AUTHORISATION,
        valid_from=today - dt.timedelta(days=1),
        valid_until=today + dt.timedelta(days=90),
        actor=frontline,
    )
    out_of_scope = people.representation_create(
        represented=person,
        representative=neighbour,
        kind=RepresentationKind.INFORMAL_CARER,
        matters=[Matter.CARE],
        basis=RepresentationBasis.WRITTEN_AUTHORISATION,
        valid_from=today - dt.timedelta(days=1),
        valid_until=today + dt.timedelta(days=90),
        actor=frontline,
    )
    world.representations.update({REP_IN_SCOPE: in_scope, REP_OUT_OF_SCOPE: out_of_scope})
    link = people.household_member_add(
        person=person, member=housemate, relation=HouseholdRelation.PARTNER, actor=frontline
    )

    given = consent.consent_record(
        case=case,
        recipient=uwv,
        categories=["income", "case_notes", "documents"],
        purpose="WW aanvragen",
        valid_until=today + dt.timedelta(days=60),
        given=True,
        recorded_via="desk",
        actor=frontline,
    )
    handover = handovers.handover_draft(
        case=case,
        contact_point=uwv_line,
        question="Kunnen jullie helpen met de WW?",
        why_this_organisation="WW",
        asked="Bel haar.",
        actor=frontline,
    )
    # The partner sees no contact details on purpose (the matrix checks it is refused them),
    # so the send gives the reason decision 0039 asks for.
    handovers.handover_send(
        handover=handover,
        actor=frontline,
        reason_without_contact="UWV calls the desk, which passes the call on.",
    )
    handovers.handover_transition(handover=handover, target=State.ACCEPTED, actor=partner)

    contact = cases.contact_record(
        case=Case._base_manager.get(pk=case.pk),
        channel=ContactChannel.DESK,
        direction=Direction.INCOMING,
        verification=Verification.ID_DOCUMENT,
        summary="Aan de balie, met een brief.",
        documents=[(SimpleUploadedFile("brief.pdf", PDF, "application/pdf"), "income")],
        actor=frontline,
    )
    document = contact.documents.get()
    with override_settings(EENLOKET_MODE="demo", EENLOKET_CLAMD=""):
        upload = documents.document_upload(
            case=Case._base_manager.get(pk=case.pk),
            upload=SimpleUploadedFile("loonstrook.pdf", PDF, "application/pdf"),
            actor=Actor.citizen(person.pk, assurance="substantieel"),
        )

    case = Case._base_manager.get(pk=case.pk)
    action = teamwork.action_add(
        case=case,
        what="Afschriften meenemen",
        owner_kind="organisation",
        owner_team=desk_team,
        due_on=today + dt.timedelta(days=5),
        # About documents, which the partner with a basis may see: it reads the action and may
        # mark it (a text about what it may not see it would not get, decision 0039).
        about="documents",
        actor=coordinator,
    )
    invitation = teamwork.member_invite(
        case=case, team=uwv_team, role_on_case="WW", actor=coordinator
    )
    teamwork.invitation_answer(invitation=invitation, accept=True, actor=partner)
    team_member = Member.objects.get(case=case, user=partner.user, left_at__isnull=True)
    # An invitation still open, for the UWV team (the partner with a basis answers it).
    open_invitation = teamwork.member_invite(
        case=case, team=uwv_team, role_on_case="WW (2)", actor=coordinator, user=partner.user
    )

    application = applications.application_record(
        case=case,
        organisation=gemeente,
        what="Bijzondere bijstand",
        filed_on=today - dt.timedelta(days=3),
        term_value=8,
        term_unit="weeks",
        actor=frontline,
    )
    task = LifeEventTask.objects.filter(life_event__key="job-loss").first()
    glass = consent.break_glass_open(
        case_id=case.pk, reason="Spoed: dakloos vannacht (matrix)", actor=coordinator
    )
    from eenloket.retention import services as retention

    hold = retention.legal_hold_place(
        case=case,
        kind="complaint",
        reason="Klacht (matrix)",
        until=today + dt.timedelta(days=365),
        actor=officer,
    )
    asked = cases.access_request_create(
        case=case, reason="Zij staat bij ons aan de balie", actor=stranger
    )
    callback = appointments.callback_request(
        own_cases=[case],
        phone="0612345678",
        part_of_day="morning",
        case=case,
        actor=Actor.citizen(person.pk, assurance="substantieel"),
    )
    cases.citizen_write(case=case, subject="Over uw vraag", text="Wij bellen u.", actor=frontline)
    outbox.send_due("matrix")
    portal_message = PortalMessage.objects.filter(case_ref=str(case.pk)).first()
    message = Message.objects.first()
    desk = make_desk(organisation=gemeente)
    from eenloket.appointments.models import Appointment

    tomorrow = clock.now() + dt.timedelta(days=1)
    appointment = Appointment.objects.create(
        location=desk,
        person=person,
        case=case,
        starts_at=tomorrow,
        ends_at=tomorrow + dt.timedelta(minutes=30),
    )
    scheme = Scheme.objects.select_related("service__organisation").first()
    signal = signals.signal_report(
        regulation="ww",
        kind="law",
        organisation=uwv,
        what_happened="De WW-aanvraag kan niet zonder DigiD-app (matrix).",
        effect="no_income",
        case=case,
        actor=frontline,
    ).signal

    # The set-up screens' own objects (#22), of an organisation none of the actors works for, so
    # they change nothing the other routes depend on.
    svb = factories.OrganisationFactory(name="SVB Matrix", kind=Organisation.Kind.NATIONAL_AGENCY)
    svb_member = factories.MembershipFactory(
        role=Role.PARTNER_WORKER,
        organisation=svb,
        team=factories.TeamFactory(organisation=svb, name="AOW"),
    )
    basis = consent.statutory_basis_add(
        recipient=svb,
        categories=["identity"],
        purpose="AOW",
        legal_reference="Wet algemene bepalingen burgerservicenummer, artikel 10",
        source_url="https://wetten.overheid.nl/BWBR0022428/",
        valid_from=today,
        actor=system,
    )
    table = teamwork.table_create(
        name="Doorbraaktafel Matrix", members=[svb_member.user], actor=system
    )

    every_scope = sorted(api_rules.SCOPES)
    _client, world.tokens[API_PARTNER] = api_clients.client_create(
        name="UWV (matrix)", team=uwv_team, scopes=every_scope, actor=system
    )
    _client, world.tokens[API_OTHER] = api_clients.client_create(
        name="Mitros (matrix)",
        team=mitros_team,
        scopes=[s for s in every_scope if s != api_rules.DIRECT_LINES_READ.name],
        actor=system,
    )

    world.ids = {
        "case_id": case.pk,
        "person_id": person.pk,
        "document_id": document.pk,
        "upload_id": upload.pk,
        "link_id": link.pk,
        "representation_id": in_scope.pk,
        "member_id": getattr(team_member, "pk", ""),
        "action_id": action.pk,
        "invitation_id": open_invitation.pk,
        "handover_id": handover.pk,
        "application_id": application.pk,
        "key": "job_loss",  # the case's life event (the guide)
        "life_event_slug": "job-loss",  # the directory's life event
        "task_id": task.pk,
        "consent_id": given.pk,
        "form": "json",
        "access_id": glass.pk,
        "hold_id": hold.pk,
        "request_id": asked.pk,
        "callback_id": callback.pk,
        "message_id": message.pk if message else "",
        "portal_message_id": portal_message.pk if portal_message else "",
        "service_id": scheme.service.pk,
        "organisation_id": scheme.service.organisation.pk,
        "contact_point_id": uwv_line.pk,
        "to": "on_hold",
        "kind": "digid",
        "appointment_id": appointment.pk,
        "signal_id": signal.pk,
        "quarterly_form": "csv",
        # The set-up screens (#22): the owning team, the municipality's desk, a worker of the
        # partner without a basis (ending their membership does not touch the case's team).
        "team_id": desk_team.pk,
        "desk_id": desk.pk,
        "worker_user_id": world.users[PARTNER_WITHOUT_BASIS].pk,
        "worker_membership_id": world.memberships[PARTNER_WITHOUT_BASIS].pk,
        "worker_oidc_slug": "nietingesteld",
        "basis_id": basis.pk,
        "table_id": table.pk,
    }
    return world


# The API's operations ------------------------------------------------------------------------


def api_operations() -> list[tuple[str, str, str]]:
    """Every operation of the partner API's OpenAPI document: (operationId, method, path)."""
    from eenloket.api.v1 import api

    schema = api.get_openapi_schema()
    return sorted(
        (operation["operationId"], method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    )


def api_entry_problem(operation_id: str, method: str, table: dict) -> str:
    """What is wrong with the matrix entry of an API operation ("" when nothing is): its URL
    name is ``api_v1:<operationId>`` (api/v1 names each route after its operation)."""
    entry = table.get(f"api_v1:{operation_id}")
    if entry is None:
        return "no entry"
    if entry.method != method:
        return f"the entry says {entry.method}"
    return ""
