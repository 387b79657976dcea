"""The citizen's choices about sharing (consent), docs/portal.md: see what they agreed to,
withdraw it, answer a worker's request, or give a new yes."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eenloket.access import citizen_overview, citizens
from eenloket.cases import citizen_texts
from eenloket.consent import services as consent_services
from eenloket.consent.categories import BY_CONSENT, CATEGORIES, SPECIAL
from eenloket.core import clock
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.portal import session

# Every portal page: a login is needed (session.citizen_required).
citizen_page = session.citizen_required


@citizen_page
def choices(request):
    """See, and withdraw, what the citizen agreed to share, per organisation and category."""
    consents = citizens.citizen_consents(request.citizen)
    for consent in consents:
        consent.special = bool(set(consent.categories) & SPECIAL)
        consent.explained = [
            (CATEGORIES[c].label, CATEGORIES[c].explanation)
            for c in consent.categories
            if c in CATEGORIES
        ]
    return render(request, "portal/choices.html", {"consents": consents})


@require_POST
@citizen_page
def consent_withdraw(request, consent_id):
    try:
        consent = citizens.citizen_consent(request.citizen, consent_id)
        consent_services.consent_withdraw(consent=consent, via="portal", actor=request.citizen)
    except NotFoundOrForbidden:
        raise Http404(_("This consent was not found.")) from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "You have withdrawn your consent. From now on %(org)s sees nothing more of "
                "this. What they already received, they keep under their own rules."
            )
            % {"org": consent.recipient_name},
        )
    return redirect("portal:choices")


class ConsentAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=gettext_lazy("Your answer"),
        choices=[("yes", gettext_lazy("Yes, they may")), ("no", gettext_lazy("No"))],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose yes or no.")},
    )
    explicit_special = forms.BooleanField(
        label=gettext_lazy("I agree, separately, that they may see my health or justice data"),
        required=False,
    )


@require_POST
@citizen_page
def consent_answer(request, consent_id):
    """Answer a consent a worker asked for: yes or no, with a separate yes for health or
    justice data."""
    try:
        consent = citizens.citizen_consent(request.citizen, consent_id)
    except NotFoundOrForbidden:
        raise Http404(_("This consent was not found.")) from None
    form = ConsentAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes or no."))
        return redirect("portal:choices")
    try:
        consent_services.consent_decide(
            consent=consent,
            given=form.cleaned_data["answer"] == "yes",
            explicit_special=form.cleaned_data["explicit_special"],
            recorded_via="portal",
            actor=request.citizen,
        )
    except DomainError as error:
        messages.error(
            request,
            _("Tick the separate box to agree to sharing health or justice data.")
            if error.field == "explicit_special"
            else error.message,
        )
    else:
        messages.success(request, _("Thank you. We have your answer and send you a receipt."))
    return redirect("portal:choices")


CONSENT_MONTHS = [
    ("3", gettext_lazy("3 months")),
    ("6", gettext_lazy("6 months")),
    ("12", gettext_lazy("1 year")),
]


class ConsentGiveForm(forms.Form):
    case = forms.ChoiceField(
        label=gettext_lazy("For which question"),
        error_messages={"required": gettext_lazy("Choose the question.")},
    )
    recipient = forms.ChoiceField(
        label=gettext_lazy("Which organisation may see it"),
        error_messages={"required": gettext_lazy("Choose the organisation.")},
    )
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("What they may see"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose what they may see.")},
    )
    explicit_special = forms.BooleanField(
        label=gettext_lazy("I agree, separately, that they may see my health or justice data"),
        required=False,
    )
    purpose = forms.CharField(
        label=gettext_lazy("What they may use it for"),
        max_length=300,
        error_messages={"required": gettext_lazy("Say what they may use it for.")},
    )
    months = forms.ChoiceField(
        label=gettext_lazy("For how long"), choices=CONSENT_MONTHS, initial="6"
    )

    def __init__(self, *args, cases=(), organisations=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [
            (str(c.pk), citizen_texts.title(c)) for c in cases if c.status != "closed"
        ]
        # A team (the narrow yes, decision 0039), or every team of an organisation.
        self.fields["recipient"].choices = [
            (f"team:{t.pk}", f"{t.name}, {t.organisation.name}") for t in teams
        ] + [(str(o.pk), o.name) for o in organisations]
        self.fields["categories"].choices = [
            (key, f"{CATEGORIES[key].label}: {CATEGORIES[key].explanation}") for key in BY_CONSENT
        ]
        self.initial.setdefault("purpose", _("To help me with my question"))


@citizen_page
def consent_give(request):
    """Give a new yes: let an organisation that helps with your question see some of your
    data, for a purpose and a time you choose."""
    own = citizens.citizen_cases(request.citizen)
    organisations = citizen_overview.organisations_to_share_with(own)
    teams = citizen_overview.teams_to_share_with(own)
    # "Give it again" after taking a yes back comes with the team (or organisation) and
    # question chosen.
    initial = {
        key: request.GET[param]
        for key, param in (("recipient", "organisatie"), ("case", "vraag"))
        if request.GET.get(param)
    }
    if request.GET.get("team"):
        initial["recipient"] = f"team:{request.GET['team']}"
    form = ConsentGiveForm(
        posted(request), cases=own, organisations=organisations, teams=teams, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = next(c for c in own if str(c.pk) == data["case"])
        team = next((t for t in teams if f"team:{t.pk}" == data["recipient"]), None)
        recipient = team.organisation if team else None
        recipient = recipient or next(o for o in organisations if str(o.pk) == data["recipient"])
        try:
            consent_services.consent_record(
                case=case,
                recipient=recipient,
                recipient_team=team,
                categories=data["categories"],
                purpose=data["purpose"],
                valid_until=clock.today() + dt.timedelta(days=30 * int(data["months"])),
                given=True,
                explicit_special=data["explicit_special"],
                representation=citizens.citizen_acting_representation(request.citizen),
                recorded_via="portal",
                actor=request.citizen,
            )
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            if error.field == "explicit_special":
                form.add_error(
                    field,
                    _("Tick the separate box to agree to sharing health or justice data."),
                )
            else:
                form.add_error(field, error.message)
        else:
            messages.success(
                request,
                _("Saved. %(org)s may now see what you chose. You can take it back at any time.")
                % {"org": team.name if team else recipient.name},
            )
            return redirect("portal:choices")
    return render(
        request,
        "portal/consent_give.html",
        {
            "form": form,
            "organisations": organisations,
            "teams": teams,
            "special": sorted(SPECIAL),
        },
        status=400 if request.method == "POST" else 200,
    )
