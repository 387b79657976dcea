"""Form fields for a signal ("knelpunt"), shared by the breakthrough form and the signal form."""

from django import forms
from django.utils.translation import gettext_lazy

from eenloket.backoffice.intake_forms import NO_CHOICE, UtrechtForm
from eenloket.signals import regulations
from eenloket.signals.models import Effect, Kind

TEXT = forms.Textarea(attrs={"rows": 3})
NO_PERSONAL_DATA = gettext_lazy(
    "Without personal data: no name, citizen service number, date, address or phone number. "
    "It goes to the organisation concerned and is kept after the case is gone."
)


class SignalFields(UtrechtForm):
    """The coded part of a signal: which regulation, which organisation, what kind, the effect."""

    regulation = forms.ChoiceField(
        label=gettext_lazy("Which regulation"),
        error_messages={"required": gettext_lazy("Choose the regulation, or “another rule”.")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("What blocked help"),
        choices=NO_CHOICE + Kind.choices,
        error_messages={"required": gettext_lazy("Say what kind of blocker it is.")},
    )
    organisation = forms.ChoiceField(
        label=gettext_lazy("Organisation concerned"),
        help_text=gettext_lazy("The signal goes to this organisation, which answers it."),
        error_messages={"required": gettext_lazy("Choose the organisation concerned.")},
    )
    effect = forms.ChoiceField(
        label=gettext_lazy("Effect on the citizen"),
        choices=NO_CHOICE + Effect.choices,
        error_messages={"required": gettext_lazy("Say what it meant for the citizen.")},
    )
    suggested_fix = forms.CharField(
        label=gettext_lazy("Suggested fix (optional)"),
        help_text=NO_PERSONAL_DATA,
        widget=TEXT,
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["regulation"].choices = NO_CHOICE + regulations.choices()
        self.fields["organisation"].choices = NO_CHOICE + [
            (key, o.name) for key, o in self.organisations.items()
        ]

    def signal_values(self) -> dict:
        data = self.cleaned_data
        return {
            "regulation": data["regulation"],
            "kind": data["kind"],
            "organisation": self.organisations.get(data["organisation"]),
            "effect": data["effect"],
            "suggested_fix": data.get("suggested_fix", ""),
        }


class SignalForm(SignalFields):
    what_happened = forms.CharField(
        label=gettext_lazy("What happened"),
        help_text=NO_PERSONAL_DATA,
        widget=TEXT,
        max_length=2000,
        error_messages={"required": gettext_lazy("Say what happened.")},
    )
    field_order = ["what_happened", "regulation", "kind", "organisation", "effect"]
