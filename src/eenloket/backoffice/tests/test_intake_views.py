"""The intake, search, case page, contacts, concurrency and worklists through HTTP."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eenloket.cases import services as case_services
from eenloket.cases.models import Case, Confirmation, Contact
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.people import bsn as bsn_rules
from eenloket.people import services as people
from eenloket.people.models import HouseholdMember, Person, Representation
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in


def full_width(digits: str) -> str:
    """The same number in full-width digits (as some phone keyboards type them)."""
    return digits.translate(str.maketrans("0123456789", "".join(map(chr, range(0xFF10, 0xFF1A)))))


pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
PURPOSE = "Staat aan de balie met een vraag"


def _intake_data(**overrides):
    due = (clock.today() + dt.timedelta(days=1)).isoformat()
    data = {
        "person-given_names": "Sandra",
        "person-surname": "Jansen",
        "person-birth_date": "1984-05-17",
        "person-bsn": "999176110",
        "person-phone": "0612345678",
        "person-address_kind": "residential",
        "person-street_and_number": "Kanaalstraat 10",
        "person-postal_code": "3531 CJ",
        "person-city": "Utrecht",
        "person-preferred_language": "nl",
        "person-channel_1": "desk",
        "person-channel_2": "phone",
        "person-channels_refused": ["email"],
        "person-accessibility_needs": ["explain_letters"],
        "case-question_verbatim": "Ik heb geen werk meer en de brieven stapelen zich op.",
        "case-life_events": ["job_loss", "debts"],
        "case-next_step": "WW-aanvraag samen doen",
        "case-next_step_due": due,
    }
    data.update(overrides)
    return data


def test_intake_registers_the_person_and_opens_their_case(worker_client, membership):
    response = worker_client.post("/werk/aanmelden/", _intake_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert response.url == f"/werk/zaken/{case.pk}/"
    assert case.owning_team == membership.team
    assert case.coordinator == membership.user
    assert case.life_events == ["job_loss", "debts"]
    person = case.person
    assert person.channels_preferred == ["desk", "phone"]
    assert person.channels_refused == ["email"]
    assert person.accessibility_needs == ["explain_letters"]
    assert bsn_rules.bsn_of(person) == "999176110"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"person-bsn": "999176111"}, "11-proef"),
        ({"person-surname": ""}, "achternaam"),
        ({"person-birth_date": "17-17-1984"}, "datum"),
        ({"person-kvk_number": "123"}, "KVK"),
        ({"person-channel_2": "email"}, "zowel"),
        ({"case-next_step": ""}, "volgende stap"),
        ({"case-next_step_due": ""}, "datum"),
        ({"case-question_verbatim": ""}, "eigen woorden"),
    ],
)
def test_intake_errors_are_specific_in_dutch_and_keep_what_was_entered(
    worker_client, overrides, message
):
    response = worker_client.post("/werk/aanmelden/", _intake_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Kanaalstraat 10" in html  # nothing valid is lost
    assert "Ik heb geen werk meer" in html or overrides.get("case-question_verbatim") == ""
    assert Case.objects.count() == 0


def test_intake_warns_about_a_possible_duplicate_and_registers_after_confirmation(worker_client):
    people.person_create(
        given_names="Sandra", surname="Jansen", birth_date=dt.date(1984, 7, 5), actor=SYSTEM
    )
    data = _intake_data(**{"person-bsn": ""})
    data["person-birth_date"] = "1984-05-07"
    response = worker_client.post("/werk/aanmelden/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "dag en maand omgedraaid" in html
    assert Case.objects.count() == 0
    response = worker_client.post("/werk/aanmelden/", data | {"not_a_duplicate": "1"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_search_then_intake_for_a_known_person_without_relation(worker_client):
    sandra = people.person_create(surname="Jansen", bsn="999176110", actor=SYSTEM)
    other_case = factories.CaseFactory(person=sandra, question_verbatim="Geheime vraag")
    response = worker_client.get("/werk/zoeken/", {"purpose": PURPOSE, "bsn": "999176110"})
    html = response.content.decode()
    assert "Jouw team werkt niet met deze persoon" in html
    assert "Geheime vraag" not in html and "Jansen" not in html
    assert str(other_case.pk) not in html
    response = worker_client.post(
        f"/werk/aanmelden/{sandra.pk}/",
        {k: v for k, v in _intake_data().items() if k.startswith("case-")},
    )
    assert response.status_code == 302
    assert Case.objects.filter(person=sandra).count() == 2


def test_intake_for_a_person_not_just_found_is_not_found(worker_client):
    sandra = people.person_create(surname="Jansen", actor=SYSTEM)
    assert worker_client.get(f"/werk/aanmelden/{sandra.pk}/").status_code == 404


def test_search_without_purpose_or_with_a_name_only_is_refused(worker_client):
    response = worker_client.get("/werk/zoeken/", {"bsn": "999176110"})
    assert response.status_code == 400
    response = worker_client.get("/werk/zoeken/", {"purpose": PURPOSE, "surname": "Jansen"})
    assert response.status_code == 400
    assert "achternaam én de geboortedatum" in response.content.decode()


def _open_case(membership, **person_fields):
    person = people.person_create(**({"surname": "Jansen"} | person_fields), actor=SYSTEM)
    return case_services.case_open(
        person=person,
        question_verbatim="Ik snap de brief niet",
        owning_team=membership.team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=1),
        actor=SYSTEM,
    )


def test_contact_with_a_scanned_letter_and_confirmation(
    worker_client, membership, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = _open_case(membership, phone="0612345678", channels_preferred=["phone"])
    response = worker_client.post(
        f"/werk/zaken/{case.pk}/contact/",
        {
            "channel": "desk",
            "direction": "incoming",
            "verification": "id_document",
            "summary": "Brief van het CJIB meegenomen",
            "document": SimpleUploadedFile("cjib.pdf", b"%PDF-1.4 ..."),
            "document_description": "Aanmaning CJIB",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.documents.get().description == "Aanmaning CJIB"
    assert Confirmation.objects.get(contact=contact).channel == "phone"
    page = worker_client.get(f"/werk/zaken/{case.pk}/?deel=tijdlijn").content.decode()
    assert "Aanmaning CJIB" in page and "Bevestiging aan" in page


def test_contact_with_a_wrong_file_is_refused_and_keeps_the_text(worker_client, membership):
    case = _open_case(membership)
    response = worker_client.post(
        f"/werk/zaken/{case.pk}/contact/",
        {
            "channel": "desk",
            "direction": "incoming",
            "verification": "id_document",
            "summary": "Tekst die blijft staan",
            "document": SimpleUploadedFile("run.exe", b"MZ"),
        },
    )
    assert response.status_code == 400
    assert "Tekst die blijft staan" in response.content.decode()
    assert Contact.objects.count() == 0


def test_representative_and_phone_contact_by_the_representative(worker_client, membership):
    case = _open_case(membership, surname_prefix="de", surname="Vries")
    response = worker_client.post(
        f"/werk/zaken/{case.pk}/vertegenwoordiger/",
        {
            "given_names": "Peter",
            "surname_prefix": "de",
            "surname": "Vries",
            "email": "peter@example.org",
            "channel": "email",
            "kind": "family",
            "matters": ["financial"],
            "this_case_only": "on",
            "basis": "written_authorisation",
            "basis_note": "Machtiging getekend door de heer De Vries, gezien aan de telefoon",
            "valid_from": clock.today().isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    representation = Representation.objects.get()
    assert representation.case_id == case.pk
    response = worker_client.post(
        f"/werk/zaken/{case.pk}/contact/",
        {
            "channel": "phone",
            "direction": "incoming",
            "representation": str(representation.pk),
            "verification": "written_authorisation",
            "summary": "Peter belt: vader opent zijn post niet",
        },
    )
    assert response.status_code == 302
    assert Confirmation.objects.filter(recipient=representation.representative).get().channel == (
        "email"
    )


def test_household_member_is_added(worker_client, membership):
    case = _open_case(membership)
    response = worker_client.post(
        f"/werk/zaken/{case.pk}/huishouden/",
        {
            "relation": "child",
            "given_names": "Daan",
            "surname": "Jansen",
            "birth_date": "2017-03-01",
        },
    )
    assert response.status_code == 302
    assert HouseholdMember.objects.get().member.given_names == "Daan"


def test_second_of_two_edits_is_refused_with_a_clear_message(worker_client, membership):
    case = _open_case(membership)
    base = {
        "version": case.version,
        "next_step": "Bellen",
        "next_step_due": case.next_step_due.isoformat(),
    }
    first = worker_client.post(f"/werk/zaken/{case.pk}/bewerken/", base | {"summary": "Van A"})
    assert first.status_code == 302
    second = worker_client.post(f"/werk/zaken/{case.pk}/bewerken/", base | {"summary": "Van B"})
    assert second.status_code == 409
    html = second.content.decode()
    assert "Iemand anders heeft deze vraag veranderd" in html
    assert "Van A" in html and "Van B" in html
    case.refresh_from_db()
    assert case.summary == "Van A"


def test_status_changes_through_the_page(worker_client, membership):
    case = _open_case(membership)
    worker_client.post(
        f"/werk/zaken/{case.pk}/status/on_hold/",
        {"hold-version": case.version, "hold-reason": "waiting_on_citizen"},
    )
    case.refresh_from_db()
    assert case.status == "on_hold"
    response = worker_client.post(
        f"/werk/zaken/{case.pk}/status/open/", {"resume-version": case.version}, follow=True
    )
    case.refresh_from_db()
    assert case.status == "on_hold"
    assert "niet veranderd" in response.content.decode()


def test_no_relation_no_dossier_on_any_case_page(worker_client):
    case = factories.CaseFactory()
    for suffix in ["", "bewerken/", "contact/", "notitie/", "huishouden/", "vertegenwoordiger/"]:
        assert worker_client.get(f"/werk/zaken/{case.pk}/{suffix}").status_code == 404
    assert worker_client.post(f"/werk/zaken/{case.pk}/bsn/").status_code == 404


def test_entitled_worker_sees_the_bsn_once(worker_client, membership):
    case = _open_case(membership, bsn="999176110")
    page = worker_client.get(f"/werk/zaken/{case.pk}/").content.decode()
    assert "999176110" not in page and "••••••110" in page
    assert "999176110" in worker_client.post(f"/werk/zaken/{case.pk}/bsn/").content.decode()


def test_timeline_marks_internal_notes_and_filters(worker_client, membership):
    case = _open_case(membership)
    case_services.note_add(case=case, text="Interne opmerking", actor=SYSTEM)
    html = worker_client.get(f"/werk/zaken/{case.pk}/?deel=tijdlijn").content.decode()
    assert "Interne notitie" in html and "Interne opmerking" in html
    html = worker_client.get(f"/werk/zaken/{case.pk}/?deel=tijdlijn&soort=contact").content.decode()
    assert "Interne opmerking" not in html


def test_a_coordinator_merges_a_person_registered_twice(client, membership):
    from eenloket.accounts.models import Role
    from eenloket.audit.models import AuditEntry

    coordinator = factories.MembershipFactory(team=membership.team, role=Role.COORDINATOR)
    log_in(client, coordinator.user)
    first = _open_case(membership, given_names="Sandra", bsn="999176110")
    second = _open_case(membership, given_names="Sandra", surname="Janssen")
    response = client.post(
        f"/werk/zaken/{first.pk}/samenvoegen/",
        {"other_case": str(second.pk), "reason": "Zelfde geboortedatum, typfout in naam"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.person_id == first.person_id
    assert AuditEntry.objects.filter(action="person_merge").exists()


def test_a_frontline_worker_cannot_merge(worker_client, membership):
    first, second = _open_case(membership), _open_case(membership, surname="Janssen")
    response = worker_client.post(
        f"/werk/zaken/{first.pk}/samenvoegen/", {"other_case": str(second.pk), "reason": "x"}
    )
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.person_id != first.person_id


GARBAGE = {
    "version": "abc",
    "hold-version": "-1",
    "close-version": "x",
    "resume-version": "",
    "channel": "pigeon",
    "representation": "not-a-uuid",
    "verification": "vibes",
    "summary": "\x00",
    "birth_date": "31-02-2020",
    "since": "gisteren",
    "valid_from": "2020-13-45",
    "relation": "cousin",
    "matters": ["everything"],
    "kind": "?",
    "basis": "digid_machtigen",
    "other_case": "123",
    "reason": "x" * 5000,
    "text": "",
    "next_step_due": "morgen",
    "life_events": ["lottery"],
}


@pytest.mark.parametrize(
    "suffix",
    [
        "bewerken/",
        "samenvatting/",
        "status/on_hold/",
        "status/closed/",
        "status/open/",
        "status/bogus/",
        "oppakken/",
        "contact/",
        "notitie/",
        "huishouden/",
        "vertegenwoordiger/",
        "samenvoegen/",
        "persoon/",
        "bsn/",
    ],
)
def test_garbage_input_never_gives_a_server_error(worker_client, membership, suffix):
    case = _open_case(membership)
    response = worker_client.post(f"/werk/zaken/{case.pk}/{suffix}", GARBAGE)
    assert response.status_code < 500


def test_garbage_intake_and_search_never_give_a_server_error(worker_client):
    data = {f"person-{k}": v for k, v in GARBAGE.items()} | {
        f"case-{k}": v for k, v in GARBAGE.items()
    }
    data |= {"person-bsn": "abcdefghi", "person-email": "no", "person-kvk_number": "12ab5678"}
    assert worker_client.post("/werk/aanmelden/", data).status_code == 400
    response = worker_client.get(
        "/werk/zoeken/", {"purpose": "x" * 20, "bsn": "\x00", "birth_date": "zzz"}
    )
    assert response.status_code == 400


def test_person_details_are_changed_without_showing_the_bsn(worker_client, membership):
    case = _open_case(membership, bsn="999176110", phone="0612345678")
    form = worker_client.get(f"/werk/zaken/{case.pk}/persoon/")
    assert form.status_code == 200 and "999176110" not in form.content.decode()
    response = worker_client.post(
        f"/werk/zaken/{case.pk}/persoon/",
        {
            "person-surname": "Jansen",
            "person-phone": "0687654321",
            "person-address_kind": "postal",
            "person-street_and_number": "Stadsplateau 1",
            "person-postal_code": "3521AZ",
            "person-city": "Utrecht",
            "person-preferred_language": "nl",
            "person-channel_1": "letter",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(pk=case.person_id)
    assert person.phone == "0687654321"
    assert person.address_kind == "postal" and person.has_letter_address
    assert person.channels_preferred == ["letter"]
    assert bsn_rules.bsn_of(person) == "999176110"  # an empty BSN field leaves it alone


@pytest.mark.parametrize(
    ("bsn", "says"),
    [
        ("12345672", "Begint het nummer met een 0"),  # was a server error (#26)
        ("abcdefghi", "alleen cijfers"),
        (full_width("999176111"), "11-proef"),
    ],
)
def test_a_malformed_bsn_on_the_intake_is_explained_on_its_field_and_nothing_is_stored(
    worker_client, bsn, says
):
    response = worker_client.post("/werk/aanmelden/", _intake_data(**{"person-bsn": bsn}))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_person-bsn_error"' in html
    assert says in html
    assert not Person._base_manager.exists()
    assert not Case._base_manager.exists()


def test_a_bsn_with_spaces_and_dots_is_taken_in(worker_client):
    response = worker_client.post("/werk/aanmelden/", _intake_data(**{"person-bsn": "9991.76 110"}))
    assert response.status_code == 302
    assert bsn_rules.bsn_of(Case.objects.get().person) == "999176110"


def test_a_malformed_bsn_in_the_search_is_explained(worker_client):
    response = worker_client.get(
        "/werk/zoeken/", {"purpose": PURPOSE, "bsn": "12345672"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    assert "Begint het nummer met een 0" in response.content.decode()


def test_an_unknown_activity_in_the_log_search_is_named_on_its_field(client):
    """Found by the hostile-input test (#26): the select showed no error, only a bare 400."""
    from eenloket.accounts.models import Role

    officer = factories.MembershipFactory(role=Role.PRIVACY_OFFICER, team=None)
    log_in(client, officer.user)
    response = client.get("/werk/privacy/logboek/", {"activity": "<script>x</script>"})
    assert response.status_code == 400
    assert 'id="id_activity_error"' in response.content.decode()
