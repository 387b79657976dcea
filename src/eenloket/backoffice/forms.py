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
