"""``eenloket seed``: reproducible, valid by the services' rules, test-range BSNs only."""

import pytest
from django.core.management import call_command

from eenloket import seeding
from eenloket.cases.models import Case, CaseStatus
from eenloket.people import bsn
from eenloket.people import services as people
from eenloket.people.models import HouseholdMember, Person

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(
        Person.objects.values_list("id", "given_names", "surname", "birth_date", "bsn_hash")
    ), sorted(Case.objects.values_list("id", "person_id", "status", "next_step_due"))


def test_seed_is_reproducible():
    seeding.seed(persons=50, seed=7, teams=3)
    first = _snapshot()
    HouseholdMember.objects.all().delete()
    Case.objects.all().delete()
    Person._base_manager.all().delete()
    seeding.seed(persons=50, seed=7, teams=3)
    assert _snapshot() == first


def test_seeded_rows_obey_the_rules_and_bsns_lie_in_the_test_range():
    result = seeding.seed(persons=300, seed=3, teams=4)
    assert result.cases >= 300
    numbers = [bsn.bsn_of(p) for p in Person.objects.exclude(bsn_hash="")]
    assert numbers and all(bsn.is_test_number(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    open_cases = Case.objects.filter(status=CaseStatus.OPEN)
    assert not open_cases.filter(next_step="").exists()
    assert not open_cases.filter(next_step_due__isnull=True).exists()
    for person in Person.objects.all()[:50]:
        people.persons._validate({"surname": person.surname, "postal_code": person.postal_code})


def test_seed_command_prints_progress(capsys):
    call_command("seed", persons=30, seed=1, teams=2)
    out = capsys.readouterr().out
    assert "30/30 persons" in out
    assert "Made" in out


def test_an_interrupted_seed_goes_on_where_it_stopped(monkeypatch):
    monkeypatch.setattr(seeding, "BATCH", 20)
    seeding.seed(persons=70, seed=5, teams=3)
    whole = _snapshot()
    HouseholdMember.objects.all().delete()
    Case.objects.all().delete()
    Person._base_manager.all().delete()

    real = seeding._seed_batch
    calls = []

    def stops_at_the_third_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(*args, **kwargs)

    monkeypatch.setattr(seeding, "_seed_batch", stops_at_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        seeding.seed(persons=70, seed=5, teams=3)
    assert 0 < len(_snapshot()[0]) < len(whole[0])
    monkeypatch.setattr(seeding, "_seed_batch", real)
    result = seeding.seed(persons=70, seed=5, teams=3)
    assert result.resumed == 40  # two batches of 20 were there
    assert _snapshot() == whole
    again = seeding.seed(persons=70, seed=5, teams=3)
    assert again.resumed == 70 and again.cases == 0
