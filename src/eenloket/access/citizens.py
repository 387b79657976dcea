"""A citizen's access to their own dossier in Mijn overzicht (#11, docs/portal.md), and a
representative's within the scope and period of their representation (docs/decisions/0030).

A citizen logged in at level "substantieel" or higher sees their own questions, consents and
details; never a household member's or anyone else's. A representative sees what their
representation covers, checked on every read (it may end any day). Anything else is "not
found" — the same answer as for something that does not exist — and the attempt is logged as
refused. Who the citizen is comes from here too: a DigiD or eHerkenning login names a person.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from eenloket.access._common import refuse, uuid_or_none
from eenloket.access.citizen_scope import CitizenScope, scope_of
from eenloket.access.release import release
from eenloket.audit import processing, register
from eenloket.audit.selectors import OUTSIDE_REPRESENTATION
from eenloket.cases.models import Case
from eenloket.consent.models import Consent
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.queries import InSubquery
from eenloket.people import bsn as bsn_rules
from eenloket.people.models import Matter, Person, Representation

# eIDAS levels; DigiD "midden" (app or sms check) is "substantieel".
ASSURANCE = {"basis": 0, "substantieel": 1, "hoog": 2}


DOSSIER_ASSURANCE = "substantieel"


class LoginTooWeak(DomainError):
    """Dossier content needs a login at assurance level "substantieel" or higher."""


class NotForRepresentative(DomainError):
    """A representative asked for something outside their representation: a page about the
    whole person (how we reach them, who used their data) when they act for some matters or
    one case only, or anything at all once the representation has ended."""

    def __init__(self, message: str, *, ended: bool = False):
        super().__init__(message)
        self.ended = ended


def citizen_may_read(actor: Actor, *, whole_person: bool = False) -> Representation | None:
    """Check a citizen's login; for a representative, return the representation after
    checking it is theirs, for this person and current (on every read: it may end any day).
    ``whole_person`` pages need a representation for all matters, not for one case."""
    if not actor.is_citizen:
        raise NotFoundOrForbidden()
    if ASSURANCE.get(actor.assurance, -1) < ASSURANCE[DOSSIER_ASSURANCE]:
        raise LoginTooWeak(
            _(
                "To see your questions, log in with the DigiD app or with an sms check "
                "(level substantial)."
            )
        )
    if not actor.is_representative:
        return None
    representation = (
        release(Representation)
        .filter(
            pk=actor.representation_id,
            representative_id=actor.representative_id,
            represented_id=actor.person_id,
        )
        .first()
    )
    if representation is None or not representation.is_current():
        raise NotForRepresentative(
            _("You can no longer act for this person: the period has ended or was stopped."),
            ended=True,
        )
    if whole_person and (representation.case_id or Matter.ALL not in representation.matters):
        raise NotForRepresentative(
            _(
                "You act for this person only in some matters. This page is about all of "
                "their matters, so only they can open it."
            )
        )
    return representation


def citizen_read_logged(actor: Actor, categories, object_type: str, object_id="") -> None:
    """Log a read of the citizen's own dossier in Mijn overzicht (register "portal-overview"):
    by the citizen, or by their representative (the actor names the representation)."""
    processing.record(
        activity=register.PORTAL_OVERVIEW,
        actor=actor,
        subject_ids=[actor.person_id],
        categories=categories,
        status=processing.STATUS_OK,
        object_type=object_type,
        object_id=object_id,
    )


def _covered(representation: Representation | None, case: Case) -> bool:
    return representation is None or representation.covers(case)


def citizen_cases(actor: Actor) -> list[Case]:
    """The citizen's own cases (never a household member's or anyone else's), newest first,
    with what the overview shows of them; the read is logged. One query for the cases."""
    representation = citizen_may_read(actor)
    own = [
        case
        for case in release(Case)
        .filter(person_id=actor.person_id)
        .select_related("person", "owning_team__organisation", "coordinator")
        .order_by("-opened_at")
        if _covered(representation, case)
    ]
    if own:
        citizen_read_logged(actor, ("name", "case_notes"), "portal_overview")
    return own


def citizen_case(actor: Actor, case_id) -> Case:
    """One of the citizen's own cases; anyone else's is "not found" (the same answer as for a
    case that does not exist), and the attempt is logged as refused."""
    representation = citizen_may_read(actor)
    case = (
        release(Case)
        .filter(pk=uuid_or_none(case_id))
        .select_related("person", "owning_team__organisation", "coordinator")
        .first()
    )
    own = case is not None and str(case.person_id) == str(actor.person_id)
    if not own or not _covered(representation, case):
        if case is not None:
            refuse(
                actor,
                register.PORTAL_OVERVIEW,
                case.person_id,
                ("name",),
                OUTSIDE_REPRESENTATION if own else "not the citizen's own case",
                "case",
                case.pk,
            )
        raise NotFoundOrForbidden()
    citizen_read_logged(actor, ("name", "case_notes"), "case", object_id=case.pk)
    return case


def citizen_consents(actor: Actor) -> list[Consent]:
    """The citizen's own consents, every state, newest first, with the organisation and the
    question; a representative sees those on the questions they act on. Logged."""
    representation = citizen_may_read(actor)
    consents = [
        consent
        for consent in release(Consent)
        .filter(person_id=actor.person_id)
        .select_related("recipient", "recipient_team", "case")
        .order_by("-created_at")
        if representation is None
        or (consent.case is not None and representation.covers(consent.case))
    ]
    citizen_read_logged(actor, ("name",), "consents")
    return consents


def citizen_consent(actor: Actor, consent_id) -> Consent:
    """One of the citizen's own consents (to answer or withdraw it); anyone else's, or one on
    a question outside a representative's scope, is "not found"."""
    representation = citizen_may_read(actor)
    consent = (
        release(Consent)
        .filter(pk=uuid_or_none(consent_id), person_id=actor.person_id)
        .select_related("recipient", "recipient_team", "case")
        .first()
    )
    if consent is None or (
        representation is not None
        and (consent.case is None or not representation.covers(consent.case))
    ):
        raise NotFoundOrForbidden()
    citizen_read_logged(actor, ("name",), "consent", object_id=consent.pk)
    return consent


def citizen_person(actor: Actor) -> Person:
    """The logged-in citizen's own details (to change how we reach them). Logged."""
    citizen_may_read(actor, whole_person=True)
    person = release(Person).get(pk=actor.person_id)
    processing.record(
        activity=register.PORTAL_OVERVIEW,
        actor=actor,
        subject_ids=[person.pk],
        categories=("contact",),
        status=processing.STATUS_OK,
        object_type="person",
        object_id=person.pk,
    )
    return person


def citizen_representations(actor: Actor) -> list[Representation]:
    """The people the logged-in person may act for today (as a representative), with the
    represented person's name; the read of those names is logged."""
    if not actor.is_citizen or actor.is_representative:
        return []
    if ASSURANCE.get(actor.assurance, -1) < ASSURANCE[DOSSIER_ASSURANCE]:
        return []
    current = [
        r
        for r in release(Representation)
        .filter(representative_id=actor.person_id, ended_at__isnull=True)
        .select_related("represented", "case")
        if r.is_current()
    ]
    if current:
        processing.record(
            activity=register.PORTAL_OVERVIEW,
            actor=actor,
            subject_ids=[r.represented_id for r in current],
            categories=("name",),
            status=processing.STATUS_OK,
            object_type="representations",
        )
    return current


def citizen_representation(actor: Actor, representation_id) -> Representation:
    """A current representation of the logged-in person, to act under; any other is "not
    found"."""
    for representation in citizen_representations(actor):
        if str(representation.pk) == str(representation_id):
            return representation
    raise NotFoundOrForbidden()


def citizen_scope(actor: Actor) -> CitizenScope:
    """What the citizen-side reader reaches within the questions they may open: everything for
    the person themselves, per data category for a representative (decision 0046)."""
    return scope_of(citizen_may_read(actor))


def citizen_acting_representation(actor: Actor) -> Representation | None:
    """The representation a representative acts under (checked as on every read), or None
    for a person acting for themselves: a decision they record names it."""
    return citizen_may_read(actor)


DEMO_LOGIN_LIMIT = 50


def demo_login_people(
    *, search: str = "", person_id: str = "", limit: int = DEMO_LOGIN_LIMIT
) -> list[Person]:
    """The invented people a visitor may log in as, in demo mode only (names only): at most
    ``limit``, those whose name contains ``search`` when given, or the one with ``person_id``
    (the person a login form posts). Never all of them: a seeded country has a million."""
    if settings.EENLOKET_MODE != "demo":
        return []
    people = release(Person)
    if person_id:
        chosen = uuid_or_none(person_id)
        if chosen is None:
            return []
        people = people.filter(pk=chosen)
    search = search.strip()
    if search:
        people = people.filter(Q(given_names__icontains=search) | Q(surname__icontains=search))
    represents = release(Representation).values("representative_id")
    if person_id or search:
        # Two index-backed halves: an OR of the two would test every person against a hash
        # of every case.
        with_case = people.filter(Exists(release(Case).filter(person_id=OuterRef("pk"))))
        representing = people.filter(InSubquery(F("pk"), represents))
        both = with_case.order_by().union(representing.order_by())
        return list(both.order_by("given_names", "id")[:limit])
    else:
        # The first people with a case (by id, from the index on cases) and the
        # representatives: testing every person for a case read all 200,000 cases (0.9 s).
        firsts = release(Case).order_by("person_id").values("person_id").distinct()[:limit]
        some = represents.order_by("representative_id").distinct()[:limit]
        people = people.filter(Q(InSubquery(F("pk"), firsts)) | Q(InSubquery(F("pk"), some)))
    return list(people.order_by("given_names", "pk")[:limit])


def _login_found(person: Person, *, assurance: str, acting: str, login: str) -> Person:
    processing.record(
        activity=register.PORTAL_LOGIN,
        actor=Actor.citizen(person.pk, assurance=assurance, acting=acting),
        subject_ids=[person.pk],
        categories=("identity",),
        status=processing.STATUS_OK,
        object_type="login",
        object_id=login,
    )
    return person


def citizen_person_by_bsn(*, bsn: str, assurance: str) -> Person | None:
    """The person a DigiD login names, found by the keyed hash of the BSN (never the number
    itself); None when we do not know them (nobody is created). Merged persons are not found.
    A login found is logged as the citizen's own."""
    if not bsn_rules.passes_11_test(bsn):
        return None
    person = (
        release(Person)
        .filter(merged_into__isnull=True, bsn_hash=bsn_rules.lookup_hash(bsn))
        .first()
    )
    if person is None:
        return None
    return _login_found(person, assurance=assurance, acting="", login="digid")


def citizen_person_by_kvk(*, kvk_number: str, acting: str, assurance: str) -> Person | None:
    """The person an eHerkenning login names by the company's KVK number, with ``acting`` the
    broker's pseudonym of the employee; None when no one, or more than one person, has that
    number (we do not guess). Logged as the citizen's own login, naming the pseudonym."""
    if not bsn_rules.KVK_PATTERN.match(kvk_number):
        return None
    found = list(release(Person).filter(merged_into__isnull=True, kvk_number=kvk_number)[:2])
    if len(found) != 1:
        return None
    return _login_found(found[0], assurance=assurance, acting=acting, login="eherkenning")
