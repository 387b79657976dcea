"""The matrix's world: one set of existing objects, made through the services, that every
route's ids point into."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from eenloket.accounts.models import Role
from eenloket.testing.authz.actors import (
    API_OTHER,
    API_PARTNER,
    APP_MANAGER,
    CITIZEN,
    COORDINATOR,
    FRONTLINE,
    OTHER_CITIZEN,
    PARTNER_WITH_BASIS,
    PARTNER_WITHOUT_BASIS,
    PRIVACY_OFFICER,
    PROGRAMME_STAFF,
    REP_IN_SCOPE,
    REP_OUT_OF_SCOPE,
)

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
    from eenloket.cases.services import referrals as case_referrals
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
    # The frontline worker opens it; the coordinator of the same team may confirm it.
    glass = consent.break_glass_open(
        case_id=case.pk,
        reason="Spoed: dakloos vannacht (matrix)",
        reason_code="danger",
        actor=frontline,
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
    # One that began an hour ago, so whether the citizen came can be written down.
    began = clock.now() - dt.timedelta(hours=1)
    attended = Appointment.objects.create(
        location=desk,
        person=person,
        case=case,
        starts_at=began,
        ends_at=began + dt.timedelta(minutes=30),
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
    uwv_client, world.tokens[API_PARTNER] = api_clients.client_create(
        name="UWV (matrix)", team=uwv_team, scopes=every_scope, actor=system
    )
    _client, world.tokens[API_OTHER] = api_clients.client_create(
        name="Mitros (matrix)",
        team=mitros_team,
        scopes=[s for s in every_scope if s != api_rules.DIRECT_LINES_READ.name],
        actor=system,
    )

    webhook, _secret = api_clients.webhook_register(
        client=uwv_client, url="https://uwv.example/hook", secret=None, actor=system
    )
    referral = case_referrals.referral_question(
        from_team=uwv_team,
        to_organisation=gemeente.pk,
        person={
            "bsn": "",
            "surname": "Matrix",
            "birth_date": dt.date(1980, 1, 1),
            "postal_code": "3511AB",
        },
        question="Matrix",
        actor=system,
    )
    outreach = case_referrals.referral_arrears(
        from_team=mitros_team,
        to_organisation=gemeente.pk,
        person={
            "bsn": "",
            "surname": "Matrix",
            "birth_date": dt.date(1980, 1, 1),
            "postal_code": "3511AB",
        },
        creditor="landlord",
        amount_euros=900,
        months=3,
        actor=system,
    )

    world.ids = {
        "webhook_id": webhook.pk,
        "referral_id": referral.pk,
        "outreach_id": outreach.pk,
        "case_id": case.pk,
        "person_id": person.pk,
        "document_id": document.pk,
        "contact_id": contact.pk,
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
        "attended_id": attended.pk,
        "attended_day": timezone.localdate(attended.starts_at).isoformat(),
        "signal_id": signal.pk,
        "quarterly_form": "csv",
        # The set-up screens (#22): the owning team, the municipality's desk, a worker of the
        # partner without a basis (ending their membership does not touch the case's team).
        "team_id": desk_team.pk,
        "desk_id": desk.pk,
        "worker_user_id": world.users[PARTNER_WITHOUT_BASIS].pk,
        "worker_membership_id": world.memberships[PARTNER_WITHOUT_BASIS].pk,
        "worker_oidc_slug": "nietingesteld",
        "invitation_token": "geen-uitnodiging",
        "basis_id": basis.pk,
        "table_id": table.pk,
        "client_id": uwv_client.pk,  # the API-client set-up screens
        "token_id": uwv_client.tokens.get().pk,
    }
    return world
