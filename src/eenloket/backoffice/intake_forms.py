"""Forms of the intake and the case: they parse and check input, services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from eenloket.access.disclosure import ABOUT_TEAM, ABOUT_UNSAID
from eenloket.cases import vocabulary
from eenloket.cases.models import (
    ContactChannel,
    Direction,
    HoldReason,
    Outcome,
    Verification,
)
from eenloket.cases.vocabulary import need_label
from eenloket.consent.categories import CATEGORIES, SHAREABLE
from eenloket.core.errors import DomainError
from eenloket.outcomes.models import NeedOutcomeCode
from eenloket.people import bsn as bsn_rules
from eenloket.people.models import (
    AccessibilityNeed,
    AddressKind,
    Channel,
    HouseholdRelation,
    Matter,
    RepresentationBasis,
    RepresentationKind,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Enter a date like 17-05-1984.")}
NO_CHOICE = [("", "—")]


class UtrechtForm(forms.Form):
    """Adds the NL Design System classes and the aria attributes each widget needs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = {
                forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
                forms.Select: "utrecht-select utrecht-select--html-select",
                forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
                forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
                forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
                forms.ClearableFileInput: "utrecht-textbox utrecht-textbox--html-input",
            }.get(type(widget), "utrecht-textbox utrecht-textbox--html-input")
            widget.attrs.setdefault("class", css)
            if field.help_text and not isinstance(
                widget, forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_help"

    def full_clean(self):
        """Validate, then point each invalid widget at its error message (for screen readers)."""
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is None or isinstance(
                field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                continue
            field.widget.attrs["aria-invalid"] = "true"
            described = [f"id_{self.add_prefix(name)}_error"]
            if field.help_text:
                described.append(f"id_{self.add_prefix(name)}_help")
            field.widget.attrs["aria-describedby"] = " ".join(described)


def _clean_bsn(form) -> str:
    """The BSN field as 9 digits (spaces and dots allowed), or a message saying what is wrong:
    checked here so no later step (the duplicate warning) sees a malformed number."""
    try:
        return bsn_rules.check_bsn(form.cleaned_data.get("bsn", ""))
    except DomainError as error:
        raise forms.ValidationError(error.message, code="bsn") from None


def _choices(mapping):
    return [(key, label) for key, label in mapping.items()]


class SearchForm(UtrechtForm):
    purpose = forms.CharField(
        label=_("Why are you looking for this person?"),
        help_text=_(
            "This is logged and the citizen can read it. For example: at the desk with a question."
        ),
        max_length=300,
        error_messages={"required": _("Say why you are looking for this person.")},
    )
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=20)
    surname = forms.CharField(label=_("Surname"), required=False, max_length=200)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    kvk_number = forms.CharField(label=_("KVK number"), required=False, max_length=8)

    def clean_bsn(self):
        return _clean_bsn(self)


class PersonForm(UtrechtForm):
    given_names = forms.CharField(label=_("Given names"), required=False, max_length=200)
    surname_prefix = forms.CharField(
        label=_("Surname prefix"),
        required=False,
        max_length=30,
        help_text=_("For example: van der"),
    )
    surname = forms.CharField(
        label=_("Surname"),
        max_length=200,
        error_messages={"required": _("Fill in the surname.")},
    )
    birth_surname_prefix = forms.CharField(
        label=_("Prefix of the birth name"), required=False, max_length=30
    )
    birth_surname = forms.CharField(
        label=_("Birth name"),
        required=False,
        max_length=200,
        help_text=_("Only when the person uses another surname, for example their partner's."),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=20,
        help_text=_("Optional. 9 digits; checked with the 11-test."),
    )
    kvk_number = forms.CharField(
        label=_("KVK number"),
        required=False,
        max_length=8,
        help_text=_("For entrepreneurs: 8 digits."),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.nl.")},
    )
    address_kind = forms.ChoiceField(
        label=_("Address for letters"), choices=AddressKind.choices, initial=AddressKind.UNKNOWN
    )
    street_and_number = forms.CharField(
        label=_("Street and number"), required=False, max_length=200
    )
    postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=7)
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    preferred_language = forms.CharField(
        label=_("Preferred language"),
        max_length=35,
        initial="nl",
        help_text=_("For example: nl, en, tr, ar, or the name of the language."),
    )
    accessibility_needs = forms.MultipleChoiceField(
        label=_("What helps this person"),
        choices=AccessibilityNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accessibility_notes = forms.CharField(
        label=_("More about what helps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    channel_1 = forms.ChoiceField(
        label=_("First choice of channel"), choices=NO_CHOICE + Channel.choices, required=False
    )
    channel_2 = forms.ChoiceField(
        label=_("Second choice of channel"), choices=NO_CHOICE + Channel.choices, required=False
    )
    channel_3 = forms.ChoiceField(
        label=_("Third choice of channel"), choices=NO_CHOICE + Channel.choices, required=False
    )
    channels_refused = forms.MultipleChoiceField(
        label=_("Channels the person does not want"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shared_channels_may_carry_detail = forms.BooleanField(
        label=_("Messages by e-mail, text message, letter or phone may contain details"),
        required=False,
        help_text=_("Off when others may read or hear them: we then say only “please contact us”."),
    )

    def clean_bsn(self):
        return _clean_bsn(self)

    def person_values(self) -> dict:
        data = dict(self.cleaned_data)
        preferred = [data.pop(f"channel_{n}") for n in (1, 2, 3)]
        data["channels_preferred"] = [c for c in preferred if c]
        return data


class CaseForm(UtrechtForm):
    question_verbatim = forms.CharField(
        label=_("The question in the citizen's own words"),
        help_text=_("Write down what the person says, as they say it. This is never changed."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down the question in the citizen's own words.")},
    )
    summary = forms.CharField(
        label=_("Your summary"),
        required=False,
        help_text=_("Read it back to the citizen: they confirm or correct it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    life_events = forms.MultipleChoiceField(
        label=_("Life events"),
        choices=_choices(vocabulary.LIFE_EVENTS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        choices=_choices(vocabulary.NEEDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_step = forms.CharField(
        label=_("Next step"),
        max_length=500,
        error_messages={"required": _("An open case needs a next step.")},
    )
    next_step_due = forms.DateField(
        label=_("Next step due"),
        widget=DATE_INPUT,
        error_messages={"required": _("The next step needs a due date."), **DATE_ERRORS},
    )


class CaseEditForm(UtrechtForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = CaseForm.base_fields["summary"]
    life_events = CaseForm.base_fields["life_events"]
    needs = CaseForm.base_fields["needs"]
    next_step = forms.CharField(label=_("Next step"), max_length=500, required=False)
    next_step_due = forms.DateField(
        label=_("Next step due"), widget=DATE_INPUT, required=False, error_messages=DATE_ERRORS
    )
    next_step_citizen = forms.CharField(
        label=_("The next step as the citizen reads it"),
        max_length=500,
        required=False,
        help_text=_(
            "Plain words, “u”, in the citizen's language. Leave empty and they read: we are "
            "working on your question. Your own note above is never shown to them."
        ),
    )


class SummaryConfirmForm(UtrechtForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    correction = forms.CharField(
        label=_("The citizen's correction, in their words"),
        required=False,
        help_text=_("Leave empty when the citizen confirms the summary as it is."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HoldForm(UtrechtForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reason"), choices=NO_CHOICE + HoldReason.choices)
    note = forms.CharField(label=_("Explanation"), required=False, max_length=500)


class CloseForm(UtrechtForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=NO_CHOICE + Outcome.choices)
    note = forms.CharField(label=_("What we tell the citizen"), required=False, max_length=500)

    def __init__(self, *args, needs=(), **kwargs):
        """One question per need of the case: what came of it (for the figures)."""

        super().__init__(*args, **kwargs)
        self.needs = list(needs)
        for need in self.needs:
            self.fields[f"need_{need}"] = forms.ChoiceField(
                label=_("What came of this need: %(need)s") % {"need": need_label(need)},
                choices=NO_CHOICE + NeedOutcomeCode.choices,
                required=False,
            )

    def need_outcomes(self) -> dict[str, str]:
        return {
            need: self.cleaned_data.get(f"need_{need}", "")
            for need in self.needs
            if self.cleaned_data.get(f"need_{need}")
        }


class ResumeForm(UtrechtForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    next_step = forms.CharField(label=_("Next step"), max_length=500)
    next_step_due = forms.DateField(
        label=_("Next step due"), widget=DATE_INPUT, error_messages=DATE_ERRORS
    )


def about_field() -> forms.ChoiceField:
    """What a text is about: the other teams on the case read it only when they may see that
    (decision 0039). Not said is the most restrictive: only teams that see everything."""
    return forms.ChoiceField(
        label=_("What is this about?"),
        help_text=_(
            "Other teams on the case read it only when they may see this kind of data. "
            "“Only an arrangement” is for text that says nothing about the citizen."
        ),
        required=False,
        choices=[
            (ABOUT_UNSAID, _("Not said: only teams that may see everything")),
            (ABOUT_TEAM, _("Only an arrangement: everyone on the case")),
        ]
        + [(c, CATEGORIES[c].label) for c in SHAREABLE if c != "name"],
    )


class ContactForm(UtrechtForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=NO_CHOICE + ContactChannel.choices)
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=Direction.choices,
        widget=forms.RadioSelect,
        initial=Direction.INCOMING,
    )
    representation = forms.ChoiceField(label=_("Who spoke"), required=False, choices=())
    verification = forms.ChoiceField(
        label=_("How did you verify who you spoke with?"),
        choices=NO_CHOICE + Verification.choices,
        error_messages={"required": _("Say how you verified who you spoke with.")},
    )
    verification_note = forms.CharField(
        label=_("About the verification"),
        required=False,
        max_length=300,
        help_text=_("For example: passport seen, or the date of the authorisation."),
    )
    summary = forms.CharField(
        label=_("What was said"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write down what was said.")},
    )
    summary_citizen = forms.CharField(
        label=_("What the citizen reads about this contact"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Plain words, “u”, in the citizen's language. Leave empty and they read only how "
            "the contact went (for example: You called us). What was said above is never "
            "shown to them."
        ),
    )
    follow_up = forms.CharField(
        label=_("What happens next"),
        required=False,
        max_length=500,
        help_text=_("This goes into the confirmation to the citizen."),
    )
    document = forms.FileField(
        label=_("Document the citizen brought"),
        required=False,
        help_text=_("A scan or photo of a letter: PDF, JPG, PNG, HEIC or TIFF, at most 10 MB."),
    )
    document_description = forms.CharField(
        label=_("What document is it?"), required=False, max_length=300
    )
    about = about_field()

    def __init__(self, *args, representations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representation"].choices = [("", _("The person themselves"))] + [
            (str(r.pk), f"{r.representative.full_name} ({r.get_kind_display()})")
            for r in representations
        ]


class NoteForm(UtrechtForm):
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note.")},
    )
    internal = forms.BooleanField(
        label=_("Internal: never shown to the citizen"), required=False, initial=True
    )


class HouseholdMemberForm(UtrechtForm):
    relation = forms.ChoiceField(label=_("Relation"), choices=NO_CHOICE + HouseholdRelation.choices)
    given_names = forms.CharField(label=_("Given names"), required=False, max_length=200)
    surname_prefix = forms.CharField(label=_("Surname prefix"), required=False, max_length=30)
    surname = forms.CharField(
        label=_("Surname"), max_length=200, error_messages={"required": _("Fill in the surname.")}
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    since = forms.DateField(
        label=_("Lives with them since"),
        required=False,
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS,
    )


class RepresentativeForm(UtrechtForm):
    given_names = forms.CharField(label=_("Given names"), required=False, max_length=200)
    surname_prefix = forms.CharField(label=_("Surname prefix"), required=False, max_length=30)
    surname = forms.CharField(
        label=_("Surname"), max_length=200, error_messages={"required": _("Fill in the surname.")}
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.nl.")},
    )
    channel = forms.ChoiceField(
        label=_("How does the representative want to hear from us?"),
        choices=NO_CHOICE + Channel.choices,
        required=False,
    )
    may_carry_detail = forms.BooleanField(
        label=_("Messages to the representative may contain details"), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of representative"), choices=NO_CHOICE + RepresentationKind.choices
    )
    matters = forms.MultipleChoiceField(
        label=_("For which matters"),
        choices=Matter.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Say for which matters the representative acts.")},
    )
    this_case_only = forms.BooleanField(label=_("Only for this case"), required=False)
    basis = forms.ChoiceField(
        label=_("How was this established?"),
        choices=NO_CHOICE + [c for c in RepresentationBasis.choices if c[0] != "digid_machtigen"],
        help_text=_("DigiD Machtigen will be connected later."),
    )
    basis_note = forms.CharField(
        label=_("About the evidence"),
        required=False,
        max_length=500,
        help_text=_("For example: authorisation signed on 3 November, seen at the desk."),
    )
    valid_from = forms.DateField(label=_("From"), widget=DATE_INPUT, error_messages=DATE_ERRORS)
    valid_until = forms.DateField(
        label=_("Until"), required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )


class MergeForm(UtrechtForm):
    other_case = forms.UUIDField(
        label=_("Case of the same person, registered twice"),
        help_text=_("The case number from the address of that case's page."),
        error_messages={"invalid": _("A case number looks like 0190f2c4-…: 32 characters.")},
    )
    reason = forms.CharField(
        label=_("Why is this the same person?"),
        max_length=300,
        error_messages={"required": _("Say why these are the same person.")},
    )


class HouseholdEndForm(UtrechtForm):
    until = forms.DateField(
        label=_("Lives here until"),
        help_text=_("The last day the member lived in the household; today at the latest."),
        widget=DATE_INPUT,
        error_messages={
            "required": _("Give the date the member stopped living here."),
            **DATE_ERRORS,
        },
    )


class RepresentationEndForm(UtrechtForm):
    reason = forms.CharField(
        label=_("Why does the representation end?"),
        help_text=_("For example: the person withdrew the authorisation, or the court ended it."),
        max_length=300,
        error_messages={"required": _("Say why the representation ends.")},
    )


class AccessRequestForm(UtrechtForm):
    case = forms.ChoiceField(
        label=_("Which case?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the case your team needs to work on.")},
    )
    reason = forms.CharField(
        label=_("Why does your team need to work on this case?"),
        help_text=_(
            "At least 10 characters. The coordinator of the other team reads this, and it is "
            "logged. For example: she is at our desk with debts that belong to this question."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={
            "required": _("Say why your team needs to work on this case (at least 10 characters).")
        },
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [
            (str(item.case_id), f"{item.owning_team} ({item.organisation})") for item in cases
        ]
        if len(cases) == 1:
            self.fields["case"].initial = str(cases[0].case_id)


class AccessDecisionForm(UtrechtForm):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        widget=forms.RadioSelect,
        choices=[
            ("grant", _("Yes: this team may work on the case and see it")),
            ("decline", _("No")),
        ],
        error_messages={"required": _("Choose yes or no.")},
    )
    note = forms.CharField(
        label=_("Note for your colleague"),
        help_text=_("Needed when you say no: say why, and what they can do instead."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
