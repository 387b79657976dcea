"""Every model that holds personal data is declared guarded, or exempted with a reason."""

import uuid

import pytest
from django.apps import apps
from django.core import checks
from django.db import models
from django.test.utils import isolate_apps

from eenloket.access import guarded
from eenloket.cases.models import Case, Contact
from eenloket.core.policy_guard import GuardedManager, GuardedQuerySet
from eenloket.people.models import Person


def test_the_installed_models_are_declared_completely():
    assert guarded.problems() == []
    assert not [e for e in checks.run_checks() if e.id == "access.E001"]


def test_every_model_linked_to_a_person_or_case_is_guarded_or_exempted():
    for model in apps.get_models():
        label = model._meta.label
        linked = {
            field.related_model._meta.label
            for field in model._meta.get_fields()
            if field.is_relation and field.concrete and field.related_model is not None
        }
        if linked & set(guarded.GUARDED):
            assert label in guarded.GUARDED or label in guarded.EXEMPT, label


@pytest.mark.parametrize("label", sorted(guarded.GUARDED))
def test_every_guarded_model_has_the_guarded_manager_and_says_what_it_holds(label):
    model = apps.get_model(label)
    assert issubclass(model._default_manager._queryset_class, GuardedQuerySet)
    assert guarded.GUARDED[label]


def test_related_managers_are_guarded_like_the_default_manager():
    case = Case(pk=uuid.uuid4())
    assert isinstance(case.contacts.all(), GuardedQuerySet)
    assert isinstance(Person(pk=uuid.uuid4()).cases.all(), GuardedQuerySet)


def test_every_exemption_gives_its_reason():
    assert all(len(reason) > 40 for reason in guarded.EXEMPT.values())


@isolate_apps("eenloket.access")
def test_a_new_model_with_a_case_or_person_key_must_be_declared():
    class Reminder(models.Model):  # noqa: DJ008 (a model only for this test)
        case = models.ForeignKey(Case, on_delete=models.CASCADE)

        class Meta:
            app_label = "access"

    class Contract(models.Model):  # noqa: DJ008 (a model only for this test)
        tenant = models.ForeignKey(Person, on_delete=models.CASCADE)

        class Meta:
            app_label = "access"

    class Callback(models.Model):  # noqa: DJ008 (a model only for this test)
        # Through another guarded model: a contact belongs to a case.
        contact = models.ForeignKey(Contact, on_delete=models.CASCADE)

        class Meta:
            app_label = "access"

    class Meeting(models.Model):  # noqa: DJ008 (a model only for this test)
        attendees = models.ManyToManyField(Person)

        class Meta:
            app_label = "access"

    found = guarded.problems([Reminder, Contract, Callback, Meeting])
    assert len(found) == 4
    assert "access.Reminder refers to cases.Case" in found[0]
    assert "access.Contract refers to people.Person" in found[1]
    assert "access.Callback refers to cases.Contact" in found[2]
    assert "access.Meeting refers to people.Person" in found[3]


@isolate_apps("eenloket.access")
def test_declaring_it_guarded_needs_the_guarded_manager_and_an_exemption_a_reason(monkeypatch):
    class Reminder(models.Model):  # noqa: DJ008 (a model only for this test)
        case = models.ForeignKey(Case, on_delete=models.CASCADE)

        class Meta:
            app_label = "access"

    class GuardedReminder(models.Model):  # noqa: DJ008 (a model only for this test)
        case = models.ForeignKey(Case, on_delete=models.CASCADE)
        objects = GuardedManager()

        class Meta:
            app_label = "access"

    class Statistic(models.Model):  # noqa: DJ008 (a model only for this test)
        case = models.ForeignKey(Case, on_delete=models.CASCADE)

        class Meta:
            app_label = "access"

    monkeypatch.setitem(guarded.GUARDED, "access.Reminder", "when to call the person")
    monkeypatch.setitem(guarded.GUARDED, "access.GuardedReminder", "when to call the person")
    monkeypatch.setitem(guarded.EXEMPT, "access.Statistic", "counts only, never shown per case")
    found = guarded.problems([Reminder, GuardedReminder, Statistic])
    assert found == ["access.Reminder is declared guarded but its default manager is not"]
