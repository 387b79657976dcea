import pytest
from django.core.management import call_command

from eenloket.accounts.models import User
from eenloket.cases.models import Case
from eenloket.demo import data as demodata

pytestmark = pytest.mark.django_db


def test_demo_no_serve_prepares_data_once_and_prints_accounts(capsys):
    call_command("demo", no_serve=True)
    first = capsys.readouterr().out
    users, cases = User.objects.count(), Case.objects.count()
    call_command("demo", no_serve=True)
    second = capsys.readouterr().out
    assert (User.objects.count(), Case.objects.count()) == (users, cases)
    assert users == len(demodata.ACCOUNTS) and cases >= 3
    for account in demodata.ACCOUNTS:
        assert account.username in first and account.username in second
    assert "already there" in second


def test_demo_refuses_production_mode(settings):
    from django.core.management.base import CommandError

    settings.EENLOKET_MODE = "production"
    with pytest.raises(CommandError):
        call_command("demo", no_serve=True)
