"""The citizen's own overview ("Mijn overzicht"), docs/portal.md."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eenloket.consent import access
from eenloket.consent import services as consent_services
from eenloket.consent.categories import CATEGORIES
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.guide import selectors as guide_selectors
from eenloket.people import services as people_services
from eenloket.people.models import Channel
from eenloket.portal import login_views, selectors, session
from eenloket.portal import services as portal_services


class DemoLoginForm(forms.Form):
    person = forms.ChoiceField(label=gettext_lazy("Log in as (demo)"))
    assurance = forms.ChoiceField(
        label=gettext_lazy("Login level"),
        choices=[
            ("substantieel", gettext_lazy("Substantial (DigiD app or sms check)")),
            ("basis", gettext_lazy("Basic (user name and password only)")),
        ],
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(p.pk), p.full_name) for p in people]


def login(request):
    """The ways of logging in that are set up (DigiD, eHerkenning through a broker:
    login_views.py); in demo mode also: choose a demo person."""
    methods = login_views.login_methods()
    if settings.EENLOKET_MODE != "demo":
        if not methods:
            return render(request, "portal/login_unavailable.html", status=503)
        return render(
            request,
            "portal/login.html",
            {"methods": methods},
            status=405 if request.method == "POST" else 200,
        )
    people = access.demo_login_people()
    form = DemoLoginForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        session.log_in(
            request,
            person_id=form.cleaned_data["person"],
            assurance=form.cleaned_data["assurance"],
        )
        return redirect("portal:overview")
    return render(
        request,
        "portal/login.html",
        {"form": form, "methods": methods},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def logout(request):
    """Log out here, and at the provider too when it offers that (docs/login.md)."""
    at_provider = login_views.provider_logout_url(request, session.login_method(request))
    session.log_out(request)
    return redirect(at_provider or "portal:login")


@session.citizen_required
def overview(request):
    try:
        cases = access.citizen_cases(request.citizen)
    except access.LoginTooWeak as error:
        return render(request, "portal/too_weak.html", {"message": error.message}, status=403)
    return render(
        request,
        "portal/overview.html",
        {"overviews": selectors.overviews(cases), "desk_phone": settings.EENLOKET_DESK_PHONE},
    )


@session.citizen_required
def case(request, case_id):
    try:
        found = access.citizen_case(request.citizen, case_id)
    except access.LoginTooWeak as error:
        return render(request, "portal/too_weak.html", {"message": error.message}, status=403)
    except NotFoundOrForbidden:
        raise Http404(_("This question was not found.")) from None
    return render(
        request,
        "portal/case.html",
        {
            "o": selectors.overviews([found])[0],
            "guide": guide_selectors.guide_for(found),
            "desk_phone": settings.EENLOKET_DESK_PHONE,
        },
    )


@session.citizen_required
def choices(request):
    """See, and withdraw, what the citizen agreed to share, per organisation and category."""
    try:
        consents = access.citizen_consents(request.citizen)
    except access.LoginTooWeak as error:
        return render(request, "portal/too_weak.html", {"message": error.message}, status=403)
    for consent in consents:
        consent.explained = [
            (CATEGORIES[c].label, CATEGORIES[c].explanation)
            for c in consent.categories
            if c in CATEGORIES
        ]
    return render(request, "portal/choices.html", {"consents": consents})


@require_POST
@session.citizen_required
def consent_withdraw(request, consent_id):
    try:
        consent = access.citizen_consent(request.citizen, consent_id)
        consent_services.consent_withdraw(consent=consent, via="portal", actor=request.citizen)
    except access.LoginTooWeak as error:
        return render(request, "portal/too_weak.html", {"message": error.message}, status=403)
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
            % {"org": consent.recipient.name},
        )
    return redirect("portal:choices")


@session.citizen_required
def who_looked(request):
    try:
        accesses = access.who_looked_for_citizen(request.citizen)
    except access.LoginTooWeak as error:
        return render(request, "portal/too_weak.html", {"message": error.message}, status=403)
    return render(request, "portal/who_looked.html", {"accesses": accesses})


class QuestionForm(forms.Form):
    case = forms.ChoiceField(label=gettext_lazy("About"), required=False)
    text = forms.CharField(
        label=gettext_lazy("Your question"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Write your question.")},
    )

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", gettext_lazy("A new question"))] + [
            (str(c.pk), _("Your question of %(date)s") % {"date": c.opened_at.strftime("%d-%m-%Y")})
            for c in cases
            if c.status != "closed"
        ]


@session.citizen_required
def ask(request):
    try:
        own = access.citizen_cases(request.citizen)
    except access.LoginTooWeak as error:
        return render(request, "portal/too_weak.html", {"message": error.message}, status=403)
    form = QuestionForm(request.POST or None, cases=own)
    if request.method == "POST" and form.is_valid():
        chosen = next((c for c in own if str(c.pk) == form.cleaned_data["case"]), None)
        try:
            case = portal_services.question_ask(
                actor=request.citizen, own_cases=own, text=form.cleaned_data["text"], case=chosen
            )
        except DomainError as error:
            form.add_error("text" if error.field != "case" else "case", error.message)
        else:
            messages.success(
                request,
                _("We have your question. We answer within two working days."),
            )
            return redirect("portal:case", case.pk)
    return render(
        request,
        "portal/ask.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


CHANNEL_CHOICES = [("", "—")] + [
    (value, label) for value, label in Channel.choices if value not in ("home_visit",)
]


class ReachForm(forms.Form):
    first = forms.ChoiceField(label=gettext_lazy("First choice"), choices=CHANNEL_CHOICES)
    second = forms.ChoiceField(
        label=gettext_lazy("Second choice"), choices=CHANNEL_CHOICES, required=False
    )
    third = forms.ChoiceField(
        label=gettext_lazy("Third choice"), choices=CHANNEL_CHOICES, required=False
    )
    refused = forms.MultipleChoiceField(
        label=gettext_lazy("Never contact me by"),
        choices=CHANNEL_CHOICES[1:],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of our letters and messages"),
        choices=[("nl", "Nederlands"), ("en", "English")],
    )


@session.citizen_required
def reach(request):
    """How we reach you: channels in order, channels never to use, and the language."""
    try:
        person = access.citizen_person(request.citizen)
    except access.LoginTooWeak as error:
        return render(request, "portal/too_weak.html", {"message": error.message}, status=403)
    preferred = [*person.channels_preferred, "", "", ""]
    form = ReachForm(
        request.POST or None,
        initial={
            "first": preferred[0],
            "second": preferred[1],
            "third": preferred[2],
            "refused": person.channels_refused,
            "language": person.preferred_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        order = [c for c in (data["first"], data["second"], data["third"]) if c]
        try:
            people_services.person_update(
                person=person,
                channels_preferred=list(dict.fromkeys(order)),
                channels_refused=data["refused"],
                preferred_language=data["language"],
                actor=request.citizen,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved. We will reach you this way from now on."))
            return redirect("portal:reach")
    return render(
        request,
        "portal/reach.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
