"""The set-up screens' forms: they check the shape of the input and say in plain words what
is wrong; the rules themselves are the services' (a form never saves)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.accounts.models import Role
from eenloket.backoffice.intake_forms import DATE_ERRORS, DATE_INPUT, NO_CHOICE, UtrechtForm
from eenloket.consent.categories import CATEGORIES, SHAREABLE
from eenloket.directory.models import CapacityStatus, LineVisibility, Organisation
from eenloket.setup import hours

TEXT = forms.Textarea(attrs={"rows": 4})
HOURS_HELP = _(
    "One line per block of opening hours, like “ma-vr 09:00-17:00” or “di,do 13:00-16:30”. "
    "Days: ma di wo do vr za zo."
)


def _required(message):
    return {"required": message}


class OrganisationForm(UtrechtForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages=_required(_("Give the organisation's name.")),
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=NO_CHOICE + list(Organisation.Kind.choices),
        error_messages=_required(_("Choose the kind of organisation.")),
    )
    oin = forms.CharField(
        label=_("OIN"),
        max_length=20,
        required=False,
        help_text=_("The organisation identification number: 20 digits (Logius OIN register)."),
    )
    website = forms.CharField(label=_("Website"), max_length=500, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=TEXT)


class TeamForm(UtrechtForm):
    name = forms.CharField(
        label=_("Name of the team"),
        max_length=200,
        error_messages=_required(_("Give the team a name.")),
    )


class HoursField(forms.CharField):
    """Opening hours typed one block per line; cleans to schedule rows."""

    widget = forms.Textarea(attrs={"rows": 4})

    def clean(self, value):
        text = super().clean(value)
        try:
            return hours.parse_hours(text)
        except hours.LinesError as error:
            raise forms.ValidationError(error.messages) from None


class DaysField(forms.CharField):
    """Dates typed one per line; cleans to a sorted list of dates."""

    widget = forms.Textarea(attrs={"rows": 4})

    def clean(self, value):
        text = super().clean(value)
        try:
            return hours.parse_days(text)
        except hours.LinesError as error:
            raise forms.ValidationError(error.messages) from None


class ContactPointForm(UtrechtForm):
    name = forms.CharField(
        label=_("Name of the direct line"),
        max_length=200,
        error_messages=_required(_("Give the direct line a name.")),
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        widget=TEXT,
        help_text=_("The questions this line takes, in the words a colleague would search for."),
    )
    hours = HoursField(label=_("Working hours"), required=False, help_text=HOURS_HELP)
    service_level_hours = forms.IntegerField(
        label=_("Service level (working hours)"),
        min_value=1,
        max_value=400,
        help_text=_("Within how many working hours a person accepts or declines a handover."),
        error_messages={
            "required": _("Give the service level in working hours."),
            "invalid": _("Give the service level as a whole number of hours."),
            "min_value": _("The service level is at least 1 working hour."),
            "max_value": _("The service level is at most 400 working hours."),
        },
    )
    capacity = forms.ChoiceField(
        label=_("Capacity"),
        choices=CapacityStatus.choices,
        initial=CapacityStatus.OPEN,
        error_messages=_required(_("Say whether the line takes new handovers.")),
    )
    expected_wait_days = forms.IntegerField(
        label=_("Expected wait (days)"),
        min_value=0,
        max_value=365,
        required=False,
        help_text=_("Only with a waiting list."),
        error_messages={"invalid": _("Give the wait as a whole number of days.")},
    )
    coordinator = forms.ChoiceField(
        label=_("Who answers"),
        required=False,
        help_text=_(
            "The coordinator of the line: told when a handover is late, and may change its "
            "capacity. Every worker of the team sees the line's handovers."
        ),
    )

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {str(user.pk): user for user in workers}
        self.fields["coordinator"].choices = NO_CHOICE + [
            (pk, str(user)) for pk, user in self.workers.items()
        ]

    def clean_coordinator(self):
        value = self.cleaned_data["coordinator"]
        return self.workers.get(value) if value else None


class DeskForm(UtrechtForm):
    name = forms.CharField(
        label=_("Name of the desk"),
        max_length=200,
        error_messages=_required(_("Give the desk a name.")),
    )
    address_1 = forms.CharField(
        label=_("Street and number"),
        max_length=200,
        error_messages=_required(_("Give the street and number.")),
    )
    postal_code = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        error_messages=_required(_("Give the postcode, like 3511 AB.")),
    )
    city = forms.CharField(
        label=_("Place"), max_length=100, error_messages=_required(_("Give the place."))
    )
    state_province = forms.CharField(
        label=_("Province"), max_length=100, error_messages=_required(_("Give the province."))
    )
    hours = HoursField(
        label=_("Opening hours"),
        help_text=HOURS_HELP,
        error_messages=_required(_("Give the opening hours: a desk without them takes nobody.")),
    )
    takes_appointments = forms.BooleanField(label=_("Takes appointments"), required=False)
    slot_minutes = forms.IntegerField(
        label=_("Minutes per appointment"),
        min_value=5,
        max_value=240,
        initial=30,
        error_messages={
            "required": _("Give the length of an appointment in minutes."),
            "invalid": _("Give the length as a whole number of minutes."),
            "min_value": _("An appointment lasts 5 to 240 minutes."),
            "max_value": _("An appointment lasts 5 to 240 minutes."),
        },
    )
    capacity = forms.IntegerField(
        label=_("Citizens seen at the same time"),
        min_value=1,
        max_value=50,
        initial=1,
        error_messages={
            "required": _("Say how many citizens the desk sees at once."),
            "invalid": _("Give the capacity as a whole number."),
            "min_value": _("The capacity is 1 to 50 at a time."),
            "max_value": _("The capacity is 1 to 50 at a time."),
        },
    )
    horizon_days = forms.IntegerField(
        label=_("Days ahead that can be booked"),
        min_value=1,
        max_value=366,
        initial=28,
        error_messages={
            "required": _("Say how many days ahead citizens can book."),
            "invalid": _("Give the number of days as a whole number."),
            "min_value": _("Appointments can be made 1 to 366 days ahead."),
            "max_value": _("Appointments can be made 1 to 366 days ahead."),
        },
    )
    closing_days = DaysField(
        label=_("Closing days"),
        required=False,
        help_text=_(
            "Days the desk is closed besides the public holidays (which are closed anyway), "
            "one date per line, like 27-04-2027."
        ),
    )


ROLE_CHOICES = NO_CHOICE + list(Role.choices)


class MembershipFields(UtrechtForm):
    organisation = forms.ChoiceField(
        label=_("Organisation"), error_messages=_required(_("Choose the organisation."))
    )
    team = forms.ChoiceField(
        label=_("Team"),
        required=False,
        help_text=_("Needed for roles that work on cases: frontline, partner, coordinator."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=ROLE_CHOICES, error_messages=_required(_("Choose the role."))
    )
    valid_from = forms.DateField(
        label=_("From"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    valid_until = forms.DateField(
        label=_("Until"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )

    def __init__(self, *args, organisations=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.teams = {str(t.pk): t for t in teams}
        self.fields["organisation"].choices = NO_CHOICE + [
            (pk, o.name) for pk, o in self.organisations.items()
        ]
        self.fields["team"].choices = NO_CHOICE + [
            (pk, f"{t.organisation.name} — {t.name}") for pk, t in self.teams.items()
        ]

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]

    def clean_team(self):
        value = self.cleaned_data["team"]
        return self.teams[value] if value else None


class MembershipForm(MembershipFields):
    pass


class WorkerForm(MembershipFields):
    """A new worker account with its first membership."""

    field_order = ["username", "display_name", "email", "password"]

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        error_messages=_required(_("Give a user name, e.g. the first part of the e-mail address.")),
    )
    display_name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages=_required(_("Give the name colleagues know this worker by.")),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Give an e-mail address like naam@gemeente.nl.")},
    )
    password = forms.CharField(
        label=_("First password"),
        max_length=512,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters, not a common password. Give it to the worker in person; "
            "at the first login they set up the code app (second factor)."
        ),
        error_messages=_required(_("Give a first password.")),
    )


class WorkerEditForm(UtrechtForm):
    display_name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages=_required(_("Give the name colleagues know this worker by.")),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Give an e-mail address like naam@gemeente.nl.")},
    )


class PasswordForm(UtrechtForm):
    password = forms.CharField(
        label=_("New password"),
        max_length=512,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters, not a common password. Every session of the worker ends."
        ),
        error_messages=_required(_("Give the new password.")),
    )


class RoleForm(UtrechtForm):
    role = forms.ChoiceField(
        label=_("New role"), choices=ROLE_CHOICES, error_messages=_required(_("Choose the role."))
    )


class TableForm(UtrechtForm):
    name = forms.CharField(
        label=_("Name of the table"),
        max_length=200,
        error_messages=_required(_("Give the table a name.")),
    )
    members = forms.MultipleChoiceField(
        label=_("Who sits at the table"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Decision-makers of the organisations involved; each sees only the cases put to "
            "the table."
        ),
        error_messages=_required(_("Choose at least one member.")),
    )

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {str(user.pk): user for user in workers}
        self.fields["members"].choices = [(pk, label) for pk, label in self._labels()]

    def _labels(self):
        for pk, user in self.workers.items():
            organisations = sorted({m.organisation.name for m in user.memberships.all()})
            yield pk, f"{user} ({', '.join(organisations)})" if organisations else str(user)

    def clean_members(self):
        return [self.workers[pk] for pk in self.cleaned_data["members"]]


class BasisForm(UtrechtForm):
    categories = forms.MultipleChoiceField(
        label=_("Which data the law lets them receive"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(key, CATEGORIES[key].label) for key in SHAREABLE],
        error_messages=_required(_("Choose the categories the law covers.")),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        help_text=_("What they may use it for, e.g. “assessing the right to a WW benefit”."),
        error_messages=_required(_("Give the purpose the law names.")),
    )
    legal_reference = forms.CharField(
        label=_("Law and article"),
        max_length=300,
        help_text=_("E.g. “Wet SUWI, artikel 54 lid 1”."),
        error_messages=_required(_("Name the law and article.")),
    )
    source_url = forms.CharField(
        label=_("Official text (link)"),
        max_length=500,
        help_text=_("The article on wetten.overheid.nl, starting with https://."),
        error_messages=_required(_("Give the link to the official text.")),
    )
    valid_from = forms.DateField(
        label=_("From"),
        widget=DATE_INPUT,
        error_messages={**DATE_ERRORS, "required": _("Give the date the basis applies from.")},
    )
    valid_until = forms.DateField(
        label=_("Until"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    confirmed_by = forms.CharField(
        label=_("Confirmed on the official text (optional)"),
        max_length=1000,
        required=False,
        help_text=_(
            "Only if you read the article on an official page: its address, then what it says. "
            "Left empty, the basis is shown as not confirmed."
        ),
    )
    confirmed_on = forms.DateField(
        label=_("Read on"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )

    def clean_source_url(self):
        value = self.cleaned_data["source_url"].strip()
        if not value.startswith("https://") or " " in value or len(value) < 12:
            raise forms.ValidationError(
                _("Give the official source as a web address starting with https://.")
            )
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date lies before the start date."))
        return data


class BasisEndForm(UtrechtForm):
    valid_until = forms.DateField(
        label=_("Last day it applies"),
        widget=DATE_INPUT,
        error_messages={**DATE_ERRORS, "required": _("Give the last day the basis applies.")},
    )


class LineVisibilityForm(UtrechtForm):
    """Who may see a direct line besides its own organisation (decision 0053)."""

    visibility = forms.ChoiceField(
        label=_("Who may see this direct line"),
        widget=forms.RadioSelect,
        choices=LineVisibility.choices,
        error_messages=_required(_("Choose who may see the direct line.")),
    )
    organisations = forms.MultipleChoiceField(
        label=_("Organisations that may see it"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only with “its own organisation and the organisations named”."),
    )
    teams = forms.MultipleChoiceField(
        label=_("Teams that may see it"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only with “its own organisation and the teams named”."),
    )

    def __init__(self, *args, teams=(), owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        others = [t for t in teams if t.organisation_id != getattr(owner, "pk", None)]
        self.organisation_rows = {str(t.organisation_id): t.organisation for t in others}
        self.team_rows = {str(t.pk): t for t in others}
        self.fields["organisations"].choices = [
            (pk, o.name) for pk, o in self.organisation_rows.items()
        ]
        self.fields["teams"].choices = [
            (pk, f"{t.name} ({t.organisation.name})") for pk, t in self.team_rows.items()
        ]

    def clean_organisations(self):
        return [self.organisation_rows[pk] for pk in self.cleaned_data["organisations"]]

    def clean_teams(self):
        return [self.team_rows[pk] for pk in self.cleaned_data["teams"]]

    def clean(self):
        data = super().clean()
        visibility = data.get("visibility")
        if visibility != LineVisibility.ORGANISATIONS:
            data["organisations"] = []
        if visibility != LineVisibility.TEAMS:
            data["teams"] = []
        return data
