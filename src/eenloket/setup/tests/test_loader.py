"""``eenloket pilot load``: a good file sets up everything; one bad line changes nothing and
is named with its line number."""

import json
import pathlib

import pytest
from django.core.management import CommandError, call_command

from eenloket.accounts.models import User
from eenloket.appointments.models import AppointmentSetting
from eenloket.consent.models import StatutoryBasis
from eenloket.directory.models import ContactPoint, Organisation, Team
from eenloket.setup import loader
from eenloket.teamwork.models import BreakthroughTable

pytestmark = pytest.mark.django_db

EXAMPLE = pathlib.Path(__file__).resolve().parents[4] / "docs/examples/pilot.json"


def test_the_example_file_sets_up_a_pilot(capsys):
    call_command("pilot", "load", str(EXAMPLE))
    out = capsys.readouterr().out
    # A municipality, UWV, SVB, CAK, CJIB, Toeslagen and a debt-help organisation.
    assert Organisation.objects.count() == 7
    assert Team.objects.count() == 3
    assert Team.objects.get(name="Schuldhulpverlening").purpose == "debt_help"
    assert ContactPoint.objects.count() == 2
    assert AppointmentSetting.objects.get().closing_days == ["2027-05-06"]
    assert StatutoryBasis.objects.count() == 7
    uwv = StatutoryBasis.objects.get(recipient__name="UWV (pilot)")
    assert uwv.categories == ["identity", "income"] and not uwv.confirmed
    cak = StatutoryBasis.objects.get(recipient__name="CAK (pilot)")
    assert cak.confirmed and cak.confirmed_by.startswith("https://zoek.officielebekendmakingen.nl/")
    assert User.objects.get(username="m.bakker").memberships.get().team.name == "Directe lijn WW"
    assert BreakthroughTable.objects.get().members.count() == 2
    assert "first password for s.jansen" in out


def test_one_bad_line_changes_nothing_and_is_named(tmp_path):
    data = json.loads(EXAMPLE.read_text())
    data["organisations"][1]["teams"][0]["lines"][0]["hours"] = ["ma-vr 17:00-08:30"]
    data["workers"][1]["memberships"][0]["team"] = "Bestaat niet"
    path = tmp_path / "pilot.json"
    path.write_text(json.dumps(data, indent=2))
    with pytest.raises(CommandError, match="2 error"):
        call_command("pilot", "load", str(path))
    assert not Organisation.objects.exists()
    assert not User.objects.exists()
    result = loader.load_text(path.read_text())
    text = path.read_text().splitlines()
    first, second = result.errors
    assert first.startswith("line ")
    line = int(first.split(":")[0].split()[1])
    assert '"name": "WW-vragen (pilot)"' in "\n".join(text[line - 1 : line + 1])
    assert "hours" in first
    assert "Bestaat niet" in second


def test_broken_json_names_its_line(tmp_path):
    result = loader.load_text('{\n  "organisations": [\n    {"name": }\n  ]\n}')
    assert result.errors[0].startswith("line 3: not valid JSON")


def test_unknown_fields_are_refused_with_their_line():
    result = loader.load_text('{"organisations": [\n{"name": "X", "kind": "other", "colour": 1}]}')
    assert result.errors == ["line 2: organisation X: unknown field(s): colour"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[]", "line 1: the file must hold one object"),
        ('{"organisations": [], "teams": []}', "line 1: unknown section(s): teams"),
        ('{"organisations": {"name": "X"}}', "line 1: organisations must be a list"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_as_a_whole(text, error):
    assert loader.load_text(text).errors == [error]


def test_a_date_not_written_as_iso_is_named_and_changes_nothing():
    data = json.loads(EXAMPLE.read_text())
    data["workers"][0]["memberships"][0]["valid_from"] = "01-02-2027"
    text = json.dumps(data, indent=2)
    result = loader.load_text(text)
    (error,) = result.errors
    line = int(error.split(":")[0].removeprefix("line "))
    assert error.endswith("membership frontline_worker: valid_from: write a date as YYYY-MM-DD")
    assert '"organisation": "Gemeente Proefstad"' in text.splitlines()[line]  # the membership
    assert result.created == {} and not Organisation.objects.exists()


def test_opening_hours_that_cannot_be_read_are_named_per_line():
    data = json.loads(EXAMPLE.read_text())
    data["organisations"][1]["teams"][0]["lines"][0]["hours"] = ["ma 09:00-12:00", "elke dag"]
    result = loader.load_text(json.dumps(data, indent=2))
    assert result.errors and all(": hours: " in error for error in result.errors)
    assert not ContactPoint.objects.exists()


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="cannot read"):
        call_command("pilot", "load", "/nonexistent/pilot.json")


SEEN_BY = """{
  "organisations": [
    {"name": "UWV (laden)", "kind": "national_agency", "teams": [
      {"name": "WW", "lines": [
        {"name": "WW-lijn", "phone": "030 1", "service_level_hours": 8,
         "seen_by": {"teams": ["Gemeente (laden) / Schulden"]}},
        {"name": "Eigen lijn", "phone": "030 2", "service_level_hours": 8,
         "seen_by": {"organisations": %s}}
      ]}
    ]},
    {"name": "Gemeente (laden)", "kind": "municipality", "teams": [{"name": "Schulden"}]}
  ]
}"""


def test_who_may_see_a_line_is_loaded_after_every_team_exists():
    """Decision 0053: a line may name a team that comes later in the file."""
    result = loader.load_text(SEEN_BY % "[]")
    assert result.errors == []
    ww = ContactPoint.objects.get(name="WW-lijn")
    assert ww.visibility == "teams"
    assert [t.name for t in ww.visible_to_teams.all()] == ["Schulden"]
    own = ContactPoint.objects.get(name="Eigen lijn")
    assert own.visibility == "organisations" and not own.visible_to_organisations.exists()


def test_an_unknown_name_in_seen_by_changes_nothing_and_is_named():
    result = loader.load_text(SEEN_BY % '["Bestaat niet"]')
    assert any(
        "line 7: seen_by Eigen lijn: seen_by: no organisation Bestaat niet" in e
        for e in result.errors
    ), result.errors
    assert not ContactPoint.objects.exists()
