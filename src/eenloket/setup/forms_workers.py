"""Forms for inviting workers, offboarding them and the roster file (decision 0048). They
check shape only; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.backoffice.intake_forms import NO_CHOICE, UtrechtForm
from eenloket.setup.forms import MembershipFields, _required


class InviteForm(MembershipFields):
    """A new worker who chooses their own password through a link by e-mail."""

    field_order = ["username", "display_name", "email"]

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
        help_text=_("The worker gets a link here that works once, for three days."),
        error_messages={
            "required": _("An invitation goes by e-mail: give the worker's address."),
            "invalid": _("Give an e-mail address like naam@gemeente.nl."),
        },
    )


class OffboardForm(UtrechtForm):
    """Whom the worker's open work goes to when all their memberships end."""

    successor = forms.ChoiceField(label=_("Colleague who takes over the open work"), required=False)

    def __init__(self, *args, colleagues=(), work_to_hand_over=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.colleagues = {str(u.pk): u for u in colleagues}
        # Required only while there is open work: the form then says so, not "(optional)".
        self.fields["successor"].required = work_to_hand_over
        self.fields["successor"].error_messages["required"] = _(
            "There is still open work: choose the colleague who takes it over."
        )
        self.fields["successor"].choices = NO_CHOICE + [
            (pk, str(u)) for pk, u in self.colleagues.items()
        ]

    def clean_successor(self):
        value = self.cleaned_data["successor"]
        return self.colleagues.get(value) if value else None


class RosterForm(UtrechtForm):
    file = forms.FileField(
        label=_("Roster file (CSV, UTF-8)"),
        error_messages=_required(_("Choose the CSV file to import.")),
    )
