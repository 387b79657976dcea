from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=512)


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=10,
        error_messages={"invalid": _("Enter the 6 digits your authenticator app shows.")},
    )


class MembershipForm(forms.Form):
    membership = forms.UUIDField()


class DirectorySearchForm(forms.Form):
    """The search of the sociale kaart: free text plus filters; every filter is optional."""

    q = forms.CharField(label=_("What is the question?"), max_length=300, required=False)
    life_event = forms.ChoiceField(label=_("Life event"), required=False)
    need = forms.ChoiceField(label=_("Need"), required=False)
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, data=None, *, options):
        super().__init__(data)
        anything = [("", _("Any"))]
        self.fields["life_event"].choices = anything + [
            (le.key, le.display_name) for le in options["life_events"]
        ]
        self.fields["need"].choices = anything + [(n.key, n.display_name) for n in options["needs"]]
        self.fields["kind"].choices = anything + list(options["organisation_kinds"])
        self.fields["municipality"].choices = anything + [
            (m.code, m.name) for m in options["municipalities"]
        ]


class CapacityForm(forms.Form):
    capacity = forms.ChoiceField(label=_("Capacity"))
    expected_wait_days = forms.IntegerField(
        label=_("Expected wait (days)"), required=False, min_value=0, max_value=365
    )
    note = forms.CharField(label=_("Note on capacity"), required=False, max_length=300)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].choices = choices


class SynonymForm(forms.Form):
    term = forms.CharField(label=_("Word or phrase"), max_length=100)
    expansions = forms.CharField(label=_("Also search for"), max_length=300)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
