"""The roster file (decision 0048): one bad row refuses the whole file, naming its row and
column, and nothing changes; a good file invites every new worker; the export reads back."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from eenloket.accounts.models import Membership, Role, User
from eenloket.core.actor import Actor
from eenloket.notifications.models import Message
from eenloket.setup import roster
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

HEADER = "gebruikersnaam,naam,e-mail,organisatie,team,rol,vanaf,tot\n"


@pytest.fixture
def teams():
    gemeente = factories.OrganisationFactory(name="Gemeente Proef")
    return (
        factories.TeamFactory(organisation=gemeente, name="Schuldhulp"),
        factories.TeamFactory(organisation=gemeente, name="Wijkteam Noord"),
    )


GOOD = (
    HEADER
    + "fatima,Fatima el Amrani,fatima@example.nl,Gemeente Proef,Schuldhulp,frontoffice,,\n"
    + "kees,Kees Bakker,kees@example.nl,Gemeente Proef,Wijkteam Noord,coordinator,01-01-2026,\n"
    + "kees,Kees Bakker,kees@example.nl,Gemeente Proef,,applicatiebeheerder,2026-01-01,2027-12-31\n"
)


def test_a_good_file_invites_every_worker_with_every_membership(teams):
    result = roster.roster_import(
        GOOD.encode(), base_url="https://loket.example", actor=Actor.system("test")
    )
    assert result.errors == []
    assert (result.invited, result.memberships) == (2, 3)
    kees = User.objects.get(username="kees")
    assert sorted(kees.memberships.values_list("role", flat=True)) == sorted(
        [Role.COORDINATOR, Role.APPLICATION_MANAGER]
    )
    assert not kees.has_usable_password()
    assert Message.objects.filter(template_key="worker_invitation").count() == 2


def test_one_bad_row_refuses_the_file_names_row_and_column_and_changes_nothing(teams):
    bad = GOOD + "anna,Anna de Vries,anna@example.nl,Gemeente Proef,Geen Team,frontoffice,,\n"
    bad += "piet,Piet,piet@example.nl,Gemeente Proef,Schuldhulp,frontoffice,31-02-2026,\n"
    result = roster.roster_import(bad.encode(), base_url="https://x", actor=Actor.system("t"))
    assert len(result.errors) == 2
    assert result.errors[0].startswith("Regel 5, kolom “team”")
    assert result.errors[1].startswith("Regel 6, kolom “vanaf”")
    assert not User.objects.exists()
    assert not Membership.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"naam,rol\nx,y\n", "Regel 1"),
        (HEADER.encode(), "geen regels"),
        ("é".encode("latin-1"), "UTF-8"),
        ((HEADER + "x,X,x@example.nl,Onbekend,,frontoffice,,\n").encode(), "kolom “organisatie”"),
        ((HEADER + "x,X,x@example.nl,Gemeente Proef,,baas,,\n").encode(), "kolom “rol”"),
        ((HEADER + "x,X,,Gemeente Proef,Schuldhulp,frontoffice,,\n").encode(), "kolom “e-mail”"),
        ((HEADER + "x,X,x@example.nl,Gemeente Proef,,frontoffice,,\n").encode(), "kolom “team”"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(teams, text, expected):
    result = roster.roster_import(text, base_url="https://x", actor=Actor.system("t"))
    assert result.errors and expected in result.errors[0], result.errors
    assert not User.objects.exists()


def test_the_screen_imports_and_exports(manager_client, teams):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = manager_client.get(reverse("setup:roster"))
    assert page.status_code == 200 and "gebruikersnaam,naam" in page.content.decode()
    bad = SimpleUploadedFile("r.csv", (HEADER + "x,X,x@e.nl,Nergens,,frontoffice,,\n").encode())
    response = manager_client.post(reverse("setup:roster"), {"file": bad})
    assert response.status_code == 400 and "Regel 2" in response.content.decode()
    good = SimpleUploadedFile("r.csv", GOOD.encode())
    assert manager_client.post(reverse("setup:roster"), {"file": good}).status_code == 302
    exported = manager_client.get(reverse("setup:roster_export")).content.decode()
    assert "kees,Kees Bakker,kees@example.nl,Gemeente Proef,Wijkteam Noord,coordinator" in exported


def test_the_command_imports_all_or_nothing_and_exports(teams, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "x,X,x@e.nl,Nergens,,frontoffice,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("roster", "import", str(bad), "--base-url", "https://x")
    assert not User.objects.exists()
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("roster", "import", str(good), "--base-url", "https://x")
    assert User.objects.count() == 2
    capsys.readouterr()
    call_command("roster", "export")
    exported = capsys.readouterr().out
    # What is exported imports again as the same roster (for review, and between environments).
    assert exported.splitlines()[0] == HEADER.strip()
    assert len(exported.splitlines()) == 4
