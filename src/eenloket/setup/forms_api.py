"""Forms of the API-client screens (decision 0040). They check the shape of the input; the
rules (a known scope, a unique name, a client not revoked) are the api app's services'."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eenloket.access import api as api_rules
from eenloket.backoffice.intake_forms import NO_CHOICE, UtrechtForm
from eenloket.setup.forms import _required

# What each scope lets a partner system do, in the manager's words (access/api.py has the
# rule; a scope without a line here fails setup/tests/test_api_clients.py).
SCOPE_LABELS = {
    api_rules.DIRECTORY_READ.name: _("Read the public directory (organisations, services)"),
    api_rules.DIRECT_LINES_READ.name: _("Read the professional direct lines of the directory"),
    api_rules.HANDOVERS_READ.name: _("Read the handovers the team sent or received"),
    api_rules.HANDOVERS_WRITE.name: _("Answer handovers sent to the team"),
    api_rules.CONSENT_READ.name: _("Read the consents and statutory bases of a handover"),
    api_rules.CONTACTS_WRITE.name: _("Record a contact with the citizen"),
    api_rules.CONTACTS_READ.name: _("Export a contact with the citizen (Klantinteracties)"),
    api_rules.PLAN_READ.name: _("Read the plan of a case"),
    api_rules.PLAN_WRITE.name: _("Mark actions of the plan done"),
    api_rules.APPLICATIONS_WRITE.name: _("Record an application and its decision"),
    api_rules.LOG_READ.name: _("Read the log of its own reads"),
    api_rules.WEBHOOKS_MANAGE.name: _("Manage its webhooks"),
    api_rules.REFERRALS_WRITE.name: _("Refer people to the loket, signal payment arrears"),
}

DAYS_ERRORS = {
    "required": _("Give the number of days the token works."),
    "invalid": _("Give a whole number of days, like 365."),
    "min_value": _("A token works at least 1 day."),
    "max_value": _("A token works at most 730 days (two years)."),
}


def _days_field():
    return forms.IntegerField(
        label=_("The token works for (days)"),
        initial=365,
        min_value=1,
        max_value=730,
        help_text=_("At most 730 days. Before it ends, issue a new token."),
        error_messages=DAYS_ERRORS,
    )


def _scopes_field():
    return forms.MultipleChoiceField(
        label=_("What the system may ask"),
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (name, format_lazy("{} ({})", SCOPE_LABELS[name], name)) for name in api_rules.SCOPES
        ],
        help_text=_("Only what the system needs for its task."),
        error_messages={
            **_required(_("Choose at least one thing the system may ask.")),
            "invalid_choice": _("Choose from the list."),
        },
    )


class ClientForm(UtrechtForm):
    name = forms.CharField(
        label=_("Name of the partner system"),
        max_length=200,
        help_text=_("E.g. “UWV WW-systeem”. Unique within the organisation."),
        error_messages=_required(_("Give the partner system a name.")),
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"), error_messages=_required(_("Choose the organisation."))
    )
    team = forms.ChoiceField(
        label=_("Team it acts as"),
        help_text=_(
            "The system sees and does exactly what this team's partner workers may, never more."
        ),
        error_messages=_required(_("Choose the team the system acts as.")),
    )
    scopes = _scopes_field()
    days = _days_field()

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
        return self.teams[self.cleaned_data["team"]]

    def clean(self):
        data = super().clean()
        organisation, team = data.get("organisation"), data.get("team")
        if organisation and team and team.organisation_id != organisation.pk:
            self.add_error(
                "team",
                _(
                    "%(team)s is a team of %(other)s, not of %(organisation)s. "
                    "Choose a team of %(organisation)s."
                )
                % {
                    "team": team.name,
                    "other": team.organisation.name,
                    "organisation": organisation.name,
                },
            )
        return data


class TokenForm(UtrechtForm):
    overlap_days = forms.IntegerField(
        label=_("The older tokens keep working for (days)"),
        initial=7,
        min_value=0,
        max_value=30,
        help_text=_(
            "Time for the partner to switch to the new token: 0 to 30 days. A token that "
            "leaked: choose 0, or revoke it below."
        ),
        error_messages={
            "required": _("Give the number of days, 0 to 30."),
            "invalid": _("Give a whole number of days, like 7."),
            "min_value": _("Give 0 to 30 days."),
            "max_value": _("Give 0 to 30 days."),
        },
    )
    days = _days_field()


class RevokeForm(UtrechtForm):
    confirm = forms.BooleanField(
        label=_("I understand that the partner system stops working at once"),
        error_messages=_required(
            _("Tick the box to confirm: the partner system stops working at once.")
        ),
    )


class ScopesForm(UtrechtForm):
    """Other scopes for an existing client; its tokens stay."""

    scopes = _scopes_field()
