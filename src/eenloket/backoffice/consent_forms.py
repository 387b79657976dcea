"""Forms for facts, consent and break-glass: they parse input; the services decide the rules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eenloket.backoffice.intake_forms import DATE_ERRORS, DATE_INPUT, NO_CHOICE, UtrechtForm
from eenloket.cases.services import FACT_CATEGORIES
from eenloket.consent.break_glass_reasons import REASONS
from eenloket.consent.categories import BY_CONSENT, CATEGORIES
from eenloket.consent.models import RecordedVia
from eenloket.core import clock


def _category_choices(keys):
    return [(key, f"{CATEGORIES[key].label} — {CATEGORIES[key].explanation}") for key in keys]


class FactForm(UtrechtForm):
    category = forms.ChoiceField(
        label=_("Kind of fact"),
        choices=lambda: NO_CHOICE + [(k, CATEGORIES[k].label) for k in FACT_CATEGORIES],
        error_messages={"required": _("Choose the kind of fact.")},
    )
    label = forms.CharField(
        label=_("What"),
        max_length=200,
        help_text=_("For example: “CJIB reference of the fine” or “WW benefit”."),
        error_messages={"required": _("Say what the fact is about.")},
    )
    value = forms.CharField(
        label=_("Value"), max_length=500, error_messages={"required": _("Write the fact down.")}
    )
    as_of = forms.DateField(
        label=_("As of"),
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS | {"required": _("Give the date the fact applies to.")},
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where it comes from: a letter, the citizen, a decision."),
        error_messages={"required": _("Say where the fact comes from (a letter, the citizen, …).")},
    )


ANSWERS = [
    ("given", _("Yes, the citizen gives consent")),
    ("declined", _("No, the citizen does not want this")),
    ("requested", _("Asked; the citizen will answer later")),
]


class ConsentForm(UtrechtForm):
    recipient = forms.ChoiceField(
        label=_("Team that may see the data"),
        help_text=_(
            "Choose the team that helps with this part of the question. A team of the same "
            "organisation needs its own consent too."
        ),
        error_messages={"required": _("Choose the team.")},
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories of data"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=_category_choices(BY_CONSENT),
    )
    items = forms.MultipleChoiceField(
        label=_("Or only these single items"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    explicit_special = forms.BooleanField(
        label=_(
            "Health or justice: I asked about this separately and the citizen explicitly agreed"
        ),
        required=False,
    )
    purpose = forms.CharField(
        label=_("What the organisation will use it for"),
        max_length=300,
        error_messages={"required": _("Say what the data will be used for.")},
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS | {"required": _("Give the end date.")},
    )
    answer = forms.ChoiceField(
        label=_("The citizen's answer"), choices=ANSWERS, widget=forms.RadioSelect
    )
    recorded_via = forms.ChoiceField(
        label=_("How"),
        choices=[(k, v) for k, v in RecordedVia.choices if k != RecordedVia.PORTAL],
    )
    representation = forms.ChoiceField(label=_("Who decided"), required=False)

    def __init__(self, *args, organisations=(), teams=(), items=(), representations=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict = {}  # (organisation name, id) -> its choices
        for team in teams:  # directory.selectors.TeamChoice
            groups.setdefault((team.organisation_name, team.organisation_id), []).append(
                (f"team:{team.id}", team.name)
            )
        every_team_of = gettext("every team of %s")  # once, not lazily per organisation
        for organisation in organisations:
            groups.setdefault((organisation.name, organisation.pk), []).append(
                (str(organisation.pk), every_team_of % organisation.name)
            )
        self.fields["recipient"].choices = NO_CHOICE + [
            (name, options)
            for (name, _id), options in sorted(groups.items(), key=lambda g: g[0][0])
        ]
        self.fields["items"].choices = list(items)
        self.fields["representation"].choices = [("", _("The citizen themselves"))] + [
            (str(r.pk), f"{r.representative.full_name} ({r.get_kind_display()})")
            for r in representations
        ]
        self.initial.setdefault("valid_until", clock.today() + dt.timedelta(days=182))


class WithdrawForm(UtrechtForm):
    via = forms.ChoiceField(
        label=_("How did the citizen withdraw it?"),
        choices=[(k, v) for k, v in RecordedVia.choices if k != RecordedVia.PORTAL],
    )


class BreakGlassForm(UtrechtForm):
    reason_code = forms.ChoiceField(
        label=_("What is the emergency?"),
        choices=[(reason.code, reason.label) for reason in REASONS],
        widget=forms.RadioSelect,
        help_text=_("You see only the data this emergency needs. Never the BSN."),
        error_messages={"required": _("Choose the emergency from the list.")},
    )
    reason = forms.CharField(
        label=_("Why can this not wait?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "In your own words. Urgent access is logged, and the privacy officer reviews "
            "every use. At least 20 characters."
        ),
        error_messages={"required": _("Say why this cannot wait.")},
    )


class ReviewForm(UtrechtForm):
    finding = forms.ChoiceField(
        label=_("Finding"),
        choices=[("justified", _("Justified")), ("not_justified", _("Not justified"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
