"""Retention (#23): each kind of record goes after its term and not a day before; a legal hold
stops it; signals and the anonymous figures survive; the audit chain still verifies."""

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from eenloket.access.insights import FigureScope
from eenloket.accounts.models import Role
from eenloket.audit.verify import verify
from eenloket.cases import services as cases
from eenloket.cases.models import Case, Fact
from eenloket.consent import services as consent
from eenloket.consent.models import Consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.documents import services as documents
from eenloket.documents.models import Document
from eenloket.insights import figures
from eenloket.insights.models import CaseFact
from eenloket.notifications import outbox
from eenloket.notifications.models import Message
from eenloket.people import services as people
from eenloket.people.models import Person
from eenloket.retention import periods, services
from eenloket.retention.models import LegalHold, SignalCaseLink
from eenloket.scheduling.jobs import job
from eenloket.signals import regulations
from eenloket.signals import services as signals
from eenloket.signals.models import SignalReport
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _actor(membership):
    return Actor.worker(membership.user, membership)


@pytest.fixture
def world(settings, tmp_path):
    """Kees's question, closed now: a fact, a document, a consent for it, a signal it led to,
    the closing confirmation sent; and a general consent he withdrew now."""
    settings.MEDIA_ROOT = str(tmp_path)
    worker = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    partner = factories.TeamFactory()
    kees = people.person_create(
        given_names="Kees", surname="de Vries", phone="0612345678", actor=SYSTEM
    )
    case = cases.case_open(
        person=kees,
        question_verbatim="Ik kan de huur niet meer betalen.",
        owning_team=worker.team,
        next_step="Huurtoeslag aanvragen",
        next_step_due=clock.today() + dt.timedelta(days=3),
        actor=SYSTEM,
    )
    cases.fact_record(
        case=case,
        category="income",
        label="Loon",
        value="€ 1.400",
        as_of=clock.today(),
        source="loonstrook",
        actor=SYSTEM,
    )
    with override_settings(EENLOKET_MODE="demo", EENLOKET_CLAMD=""):
        document = documents.document_upload(
            case=case,
            upload=SimpleUploadedFile("loonstrook.pdf", PDF, "application/pdf"),
            actor=Actor.citizen(kees.pk, assurance="substantieel"),
        )
    consent.consent_record(
        case=case,
        recipient=partner.organisation,
        categories=["contact"],
        purpose="Huur regelen",
        valid_until=clock.today() + dt.timedelta(days=30),
        given=True,
        recorded_via="desk",
        actor=_actor(worker),
    )
    general = consent.consent_record(
        case=case,
        recipient=partner.organisation,
        categories=["income"],
        purpose="Inkomen delen",
        valid_until=clock.today() + dt.timedelta(days=30),
        given=True,
        recorded_via="desk",
        actor=_actor(worker),
    )
    consent.consent_withdraw(consent=general, via="desk", actor=_actor(worker))
    # A consent for every question (the model allows one): not tied to this case.
    Consent._base_manager.filter(pk=general.pk).update(case=None)
    report = signals.signal_report(
        regulation=regulations.REGULATIONS[0].code,
        kind="rule",
        organisation=partner.organisation,
        what_happened="De regel over de huurgrens blokkeerde de aanvraag.",
        effect="long_wait",
        actor=_actor(worker),
        case=case,
    )
    cases.case_close(case=case, outcome="resolved", actor=_actor(worker))
    outbox.send_due("test")
    officer = factories.MembershipFactory(role=Role.PRIVACY_OFFICER, team=None)
    return {
        "worker": worker,
        "officer": officer,
        "case": case,
        "person": kees,
        "document": document,
        "general": general,
        "report": report,
    }


def _at(months, days=0):
    """A moment ``months`` calendar months (and ``days``) after now, for clock.frozen."""
    now = clock.now()
    return periods.months_before(now, -months) + dt.timedelta(days=days)


def _exists(model, **lookup):
    return model._base_manager.filter(**lookup).exists()


def test_every_rule_has_a_term_an_event_and_an_ending(world):
    keys = [rule.key for rule in periods.RULES]
    assert len(keys) == len(set(keys))
    for rule in periods.RULES:
        assert str(rule.record) and str(rule.event) and str(rule.ending)
    assert periods.rule("case").months == 24
    with pytest.raises(KeyError):
        periods.rule("nothing")
    # The 31st of a month, 1 month on, is the last day of a shorter month.
    assert periods.months_before(dt.datetime(2025, 3, 31), 1) == dt.datetime(2025, 2, 28)
    assert periods.months_before(dt.datetime(2025, 1, 15), -13) == dt.datetime(2026, 2, 15)


def test_a_closed_dossier_goes_after_its_term_and_not_a_day_before(
    world, django_capture_on_commit_callbacks
):
    case = world["case"]
    stored = world["document"].file.name
    storage = world["document"].file.storage
    assert storage.exists(stored)
    with clock.frozen(_at(24, days=-1)):
        report = services.retention_apply()
    assert _exists(Case, pk=case.pk)
    assert report.rules[0].due == 0

    figures_before = list(CaseFact.objects.values("case_ref", "outcome", "closed_at"))
    # The figures themselves (every figure of the dashboard, k=1 so no cell is suppressed),
    # over a fixed period around the question: the same before and after it goes.
    closed = Case._base_manager.get(pk=case.pk).closed_at
    period = figures.Filters(start=case.created_at.date(), end=closed.date())
    with clock.frozen(_at(24, days=1)):
        shown = figures.dashboard(FigureScope(), period, k=1).figures
    assert [f.key for f in shown if f.rows]  # the question is counted in some figure
    dashboard_before = repr(shown)
    with clock.frozen(_at(24, days=1)), django_capture_on_commit_callbacks(execute=True):
        report = services.retention_apply()
        assert repr(figures.dashboard(FigureScope(), period, k=1).figures) == dashboard_before
    by_rule = {r.rule: r for r in report.rules}
    assert by_rule["case"].deleted == 1
    assert not _exists(Case, pk=case.pk)
    assert not _exists(Fact, case_id=case.pk)
    assert not _exists(Document, pk=world["document"].pk)
    assert not _exists(Consent, case_id=case.pk)
    assert not storage.exists(stored)  # the encrypted file left storage too
    # The person had no other question: their registration and general consent went too.
    assert by_rule["person"].deleted == 1
    assert not _exists(Person, pk=world["person"].pk)
    assert not _exists(Consent, pk=world["general"].pk)
    # What the programme learns survives without the person.
    assert list(CaseFact.objects.values("case_ref", "outcome", "closed_at")) == figures_before
    report_row = SignalReport.objects.get(pk=world["report"].pk)
    assert report_row.case_id is None
    link = SignalCaseLink.objects.get(report=report_row)
    assert link.case_ref == figures_before[0]["case_ref"]
    assert verify().intact


def test_a_legal_hold_keeps_the_dossier_until_it_ends_or_is_released(world):
    case = world["case"]
    with pytest.raises(NotFoundOrForbidden):  # only the privacy officer
        services.legal_hold_place(
            case=case,
            kind="complaint",
            reason="Klacht",
            until=clock.today(),
            actor=_actor(world["worker"]),
        )
    worker = _actor(world["officer"])
    with pytest.raises(DomainError):
        services.legal_hold_place(
            case=case, kind="complaint", reason=" ", until=clock.today(), actor=worker
        )
    with pytest.raises(DomainError):
        services.legal_hold_place(
            case=case, kind="whim", reason="Klacht", until=clock.today(), actor=worker
        )
    with pytest.raises(DomainError):
        services.legal_hold_place(
            case=case,
            kind="complaint",
            reason="Klacht",
            until=clock.today() - dt.timedelta(days=1),
            actor=worker,
        )
    end = _at(30).date()
    hold = services.legal_hold_place(
        case=case, kind="court_case", reason="Beroep bij de rechtbank", until=end, actor=worker
    )
    assert hold.in_force()
    with clock.frozen(_at(25)):
        report = services.retention_apply()
        with pytest.raises(DomainError):
            services.case_delete(case_id=case.pk)
    assert report.rules[0].held == 1 and report.rules[0].deleted == 0
    assert _exists(Case, pk=case.pk)
    assert _exists(Person, pk=world["person"].pk)
    assert _exists(Consent, pk=world["general"].pk)  # the person's records are held too
    # After the hold's end date the dossier goes, and the ended hold with it.
    with clock.frozen(_at(30, days=1)):
        services.retention_apply()
    assert not _exists(Case, pk=case.pk)
    assert not _exists(LegalHold, pk=hold.pk)


def test_releasing_a_hold_lets_retention_continue(world):
    worker = _actor(world["officer"])
    hold = services.legal_hold_place(
        case=world["case"],
        kind="objection",
        reason="Bezwaar tegen het besluit",
        until=_at(36).date(),
        actor=worker,
    )
    services.legal_hold_release(hold=hold, actor=worker)
    again = services.legal_hold_release(hold=hold, actor=worker)  # a no-op
    assert again.released_by == world["officer"].user and not again.in_force()
    with clock.frozen(_at(25)):
        services.retention_apply()
    assert not _exists(Case, pk=world["case"].pk)


def test_an_ended_consent_goes_after_its_term(world):
    """Without the question going: a second, open question keeps the person."""
    cases.case_open(
        person=world["person"],
        question_verbatim="Nog een vraag.",
        owning_team=world["worker"].team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=3),
        actor=SYSTEM,
    )
    with clock.frozen(_at(24, days=-1)):
        services.retention_apply()
    assert _exists(Consent, pk=world["general"].pk)
    with clock.frozen(_at(24, days=1)):
        report = services.retention_apply()
    assert not _exists(Consent, pk=world["general"].pk)
    assert {r.rule: r.deleted for r in report.rules}["consent"] == 1
    assert _exists(Person, pk=world["person"].pk)  # still has an open question


def test_a_delivered_message_goes_after_its_term_unless_a_record_still_needs_it(world):
    from eenloket.cases.models import Confirmation

    sent = set(Message._base_manager.filter(status="sent").values_list("pk", flat=True))
    needed = set(Consent._base_manager.values_list("receipt_message_id", flat=True)) | set(
        Confirmation._base_manager.values_list("message_id", flat=True)
    )
    free = sent - needed
    assert free and sent & needed  # both kinds are there
    with clock.frozen(_at(12, days=-1)):
        services.retention_apply()
    assert Message._base_manager.filter(pk__in=sent).count() == len(sent)
    with clock.frozen(_at(12, days=1)):
        report = services.retention_apply()
    left = set(Message._base_manager.filter(pk__in=sent).values_list("pk", flat=True))
    assert left == sent & needed  # receipts and confirmations stay with their records
    assert {r.rule: r.deleted for r in report.rules}["message"] == len(free)


def test_the_dry_run_changes_nothing_and_reports_what_would_go(world):
    out = io.StringIO()
    with clock.frozen(_at(25)):
        call_command("retention", "--dry-run", stdout=out)
        assert "case: would delete 1, held 0" in out.getvalue()
        out = io.StringIO()
        call_command("retention", "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue())["dry_run"] is True
    assert _exists(Case, pk=world["case"].pk)


def test_the_job_works_in_bounded_batches(world):
    second = cases.case_open(
        person=world["person"],
        question_verbatim="Nog een vraag.",
        owning_team=world["worker"].team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=3),
        actor=SYSTEM,
    )
    cases.case_close(case=second, outcome="resolved", actor=_actor(world["worker"]))
    with clock.frozen(_at(25)):
        first = services.retention_apply(batch=1)
        assert first.rules[0].deleted == 1
        assert Case._base_manager.count() == 1
        out = io.StringIO()
        call_command("retention", "--batch", "5", stdout=out)
        assert "case: deleted 1" in out.getvalue()
        assert job("retention").run() == 0  # nothing left
    assert not Case._base_manager.exists()


def test_the_command_refuses_a_batch_below_one():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("retention", "--batch", "0")


def test_the_privacy_officer_places_and_releases_a_hold_on_the_screen(world):
    from django.test import Client

    from eenloket.testing.fixtures import log_in

    officer = factories.MembershipFactory(role=Role.PRIVACY_OFFICER, team=None)
    client = log_in(Client(), officer.user)
    page = client.get("/werk/privacy/bewaren/")
    assert page.status_code == 200
    assert str(periods.CASE.record) in page.content.decode()
    until = (clock.today() + dt.timedelta(days=400)).isoformat()
    form = {"case": str(world["case"].pk), "kind": "complaint", "reason": "Klacht", "until": until}
    unknown = client.post("/werk/privacy/bewaren/", form | {"case": str(world["person"].pk)})
    assert unknown.status_code == 400
    assert client.post("/werk/privacy/bewaren/", form | {"until": "morgen"}).status_code == 400
    assert client.post("/werk/privacy/bewaren/", form).status_code == 302
    hold = LegalHold.objects.get()
    assert hold.in_force() and hold.placed_by == officer.user
    worker = log_in(Client(), world["worker"].user)
    assert worker.get("/werk/privacy/bewaren/").status_code == 404
    assert worker.post(f"/werk/privacy/bewaren/{hold.pk}/opheffen/").status_code == 404
    assert client.post(f"/werk/privacy/bewaren/{hold.pk}/opheffen/").status_code == 302
    hold.refresh_from_db()
    assert not hold.in_force()


def test_a_file_left_behind_by_a_failed_transaction_is_found_and_removed(world, settings):
    """A file no document row names (its transaction rolled back after the file was written)
    goes once it is a day old; a fresh one may still be in flight; a document's file stays."""
    import os
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    old = default_storage.save(f"documents/{uuid.uuid4()}/{uuid.uuid4()}", ContentFile(b"x"))
    fresh = default_storage.save(
        f"{settings.EENLOKET_DOCUMENT_DIR}/{uuid.uuid4()}/{uuid.uuid4()}", ContentFile(b"y")
    )
    import time

    # File times are on the machine's clock, which the project clock does not move.
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(default_storage.path(old), (two_days_ago, two_days_ago))
    kept = world["document"].file.name
    os.utime(default_storage.path(kept), (two_days_ago, two_days_ago))

    dry = services.retention_apply(dry_run=True)
    assert {r.rule: r.due for r in dry.rules}["orphan_files"] == 1
    assert default_storage.exists(old)
    report = services.retention_apply()
    assert {r.rule: r.deleted for r in report.rules}["orphan_files"] == 1
    assert not default_storage.exists(old)
    assert default_storage.exists(fresh) and default_storage.exists(kept)
