from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eenloket.backoffice.intake_forms import UtrechtForm

CODE_PATTERN = r"^\s*[0-9]{3}\s?[0-9]{3}\s*\Z"
CODE_ERRORS = {"invalid": _("Enter the 6 digits your authenticator app shows.")}


class LoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=512)
    # Only shown when the user name must wait (too many failures): with the code, the worker
    # logs in at once, so nobody can keep a colleague out by typing wrong passwords.
    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=CODE_PATTERN,
        max_length=10,
        required=False,
        error_messages=CODE_ERRORS,
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=CODE_PATTERN,
        max_length=10,
        error_messages=CODE_ERRORS,
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


YES_NO = [("false", _("No")), ("true", _("Yes"))]


class DirectoryEditForm(forms.Form):
    """An application manager's form for some fields of a directory row.

    The form only carries text: the directory's services check every value (the same rules as
    imports) and their messages are shown at the field.
    """

    def __init__(self, data=None, *, model_fields, initial, choices=None, long=()):
        super().__init__(data, initial=initial)
        self.long_fields = set(long)
        choices = choices or {}
        for name, label in model_fields:
            if name in choices:
                field = forms.ChoiceField(label=label, choices=choices[name], required=False)
            elif name in long:
                field = forms.CharField(label=label, required=False, widget=forms.Textarea)
            else:
                field = forms.CharField(label=label, required=False, max_length=500)
            self.fields[name] = field


class InvitationForm(UtrechtForm):
    password = forms.CharField(
        label=_("Choose a password"),
        max_length=512,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, not a common password and not like your name."),
        error_messages={"required": _("Choose a password.")},
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        max_length=512,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") not in (None, data["password"]):
            self.add_error("password_again", gettext("The two passwords are not the same."))
        return data
