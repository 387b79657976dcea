"""The citizen's own overview ("Mijn overzicht"), docs/portal.md. Their choices about sharing
are in views_consent.py, their data in views_my_data.py."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eenloket.access import appointments as appointment_access
from eenloket.access import citizen_overview, citizens, logs
from eenloket.access import messages as message_access
from eenloket.cases import citizen_texts
from eenloket.cases.overview_letter import overview_pdf
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted, query_text
from eenloket.documents import selectors as document_selectors
from eenloket.guide import selectors as guide_selectors
from eenloket.outcomes import selectors as outcome_selectors
from eenloket.outcomes import services as outcome_services
from eenloket.outcomes.models import VerdictAnswer
from eenloket.people import services as people_services
from eenloket.people.models import Channel
from eenloket.portal import login_views, session
from eenloket.portal import services as portal_services

# Every portal page: a login is needed; a weak login or a representative outside their scope
# gets a plain explanation (session.citizen_required).
citizen_page = session.citizen_required


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
    # Never every person: the first ones by name, those matching a name search, or, when the
    # form is posted, the one chosen (a seeded country has a million).
    search = query_text(request, "zoek")
    chosen = request.POST.get("person", "") if request.method == "POST" else ""
    people = citizens.demo_login_people(search=search, person_id=chosen)
    form = DemoLoginForm(posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        session.log_in(
            request,
            person_id=form.cleaned_data["person"],
            assurance=form.cleaned_data["assurance"],
        )
        person = next(p for p in people if str(p.pk) == form.cleaned_data["person"])
        return session.in_their_language(redirect("portal:overview"), person)
    return render(
        request,
        "portal/login.html",
        {
            "form": form,
            "methods": methods,
            "search": search,
            "more": len(people) >= citizens.DEMO_LOGIN_LIMIT,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def logout(request):
    """Log out here, and at the provider too when it offers that (docs/login.md)."""
    at_provider = login_views.provider_logout_url(request, session.login_method(request))
    session.log_out(request)
    return redirect(at_provider or "portal:login")


@citizen_page
def overview(request):
    cases = citizens.citizen_cases(request.citizen)
    appointments = appointment_access.citizen_appointments(request.citizen)
    return render(
        request,
        "portal/overview.html",
        {
            "overviews": citizen_overview.overviews(cases, citizens.citizen_scope(request.citizen)),
            "desk_phone": settings.EENLOKET_DESK_PHONE,
            "representations": citizens.citizen_representations(request.citizen),
            "unread_messages": message_access.citizen_unread_messages(request.citizen),
            "appointments": appointments,
        },
    )


class VerdictForm(forms.Form):
    answer = forms.ChoiceField(
        label=gettext_lazy("Did we help you?"),
        choices=VerdictAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose yes, partly or no.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Do you want to tell us more? (you do not have to)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        error_messages={"max_length": gettext_lazy("Your text is too long: at most 1000 letters.")},
    )


@citizen_page
def overview_print(request):
    """The citizen's overview as a PDF to print or keep, in the language they are reading."""
    from django.http import HttpResponse
    from django.utils import translation

    cases = citizens.citizen_cases(request.citizen)
    person = cases[0].person if cases else citizens.citizen_person(request.citizen)
    pdf = overview_pdf(
        person,
        cases,
        language=translation.get_language(),
        scope=citizens.citizen_scope(request.citizen),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="mijn-overzicht.pdf"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@citizen_page
def case(request, case_id):
    try:
        found = citizens.citizen_case(request.citizen, case_id)
    except NotFoundOrForbidden:
        raise Http404(_("This question was not found.")) from None
    scope = citizens.citizen_scope(request.citizen)
    outcomes = outcome_selectors.of_case(found) if found.status == "closed" else None
    verdict_form = None
    if outcomes and outcomes.verdict and not outcomes.verdict.answer:
        verdict_form = VerdictForm(posted(request))
        if request.method == "POST" and verdict_form.is_valid():
            try:
                outcome_services.verdict_answer(
                    case=found, via="portal", actor=request.citizen, **verdict_form.cleaned_data
                )
            except DomainError as error:
                verdict_form.add_error(None, error.message)
            else:
                messages.success(request, _("Thank you for your answer. We learn from it."))
                return redirect("portal:case", found.pk)
    elif request.method == "POST":
        raise Http404(_("This question was not found."))
    return render(
        request,
        "portal/case.html",
        {
            "outcomes": outcomes,
            "verdict_form": verdict_form,
            "o": citizen_overview.overviews([found], scope)[0],
            "guide": [s for s in guide_selectors.guide_for(found) if scope.sees_life_event(s.key)],
            "desk_phone": settings.EENLOKET_DESK_PHONE,
            "uploads": document_selectors.citizen_uploads(
                case=found, person_id=request.citizen.person_id
            ),
        },
    )


WHO_LOOKED_PER_PAGE = 20


@citizen_page
def who_looked(request):
    """Who used the citizen's data: others first, page by page; their own reads of their
    overview counted in one line (shown in the list only when they ask)."""
    from django.core.paginator import Paginator

    accesses = logs.who_looked_for_citizen(request.citizen)
    own = [a for a in accesses if a.own]
    with_own = request.GET.get("eigen") == "1"
    shown = accesses if with_own else [a for a in accesses if not a.own]
    page = Paginator(shown, WHO_LOOKED_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "portal/who_looked.html",
        {
            "page": page,
            "own_count": len(own),
            "own_last": own[0].when if own else None,
            "with_own": with_own,
            "refused_count": sum(1 for a in accesses if a.refused),
        },
    )


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
            (str(c.pk), citizen_texts.title(c)) for c in cases if c.status != "closed"
        ]


@citizen_page
def ask(request):
    own = citizens.citizen_cases(request.citizen)
    form = QuestionForm(posted(request), cases=own)
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
    news_also_by = forms.MultipleChoiceField(
        label=gettext_lazy("Also tell me when there is news in my overview"),
        help_text=gettext_lazy(
            "A short message that there is news, without what it is about. You read the news "
            "itself in your overview."
        ),
        choices=[
            ("email", gettext_lazy("by e-mail")),
            ("sms", gettext_lazy("by text message (SMS)")),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of our letters and messages"),
        choices=[("nl", "Nederlands"), ("en", "English")],
    )


@citizen_page
def reach(request):
    """How we reach you: channels in order, channels never to use, and the language."""
    person = citizens.citizen_person(request.citizen)
    preferred = [*person.channels_preferred, "", "", ""]
    form = ReachForm(
        posted(request),
        initial={
            "first": preferred[0],
            "second": preferred[1],
            "third": preferred[2],
            "refused": person.channels_refused,
            "news_also_by": person.news_also_by,
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
                news_also_by=data["news_also_by"],
                preferred_language=data["language"],
                actor=request.citizen,
            )
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            messages.success(request, _("Saved. We will reach you this way from now on."))
            return redirect("portal:reach")
    return render(
        request,
        "portal/reach.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@citizen_page
def act_for(request):
    """Choose to act for someone you represent (within their scope and period), or stop."""
    own = session.own_actor(request)
    if request.method == "POST":
        if request.POST.get("representation") in (None, ""):
            session.stop_acting(request)
            messages.success(request, _("You now see your own overview again."))
            return redirect("portal:overview")
        try:
            chosen = citizens.citizen_representation(own, request.POST["representation"])
        except NotFoundOrForbidden:
            raise Http404(_("You cannot act for this person.")) from None
        session.act_for(request, chosen)
        messages.success(
            request,
            _("You now act for %(name)s. You see only what you may do for them.")
            % {"name": chosen.represented.full_name},
        )
        return redirect("portal:overview")
    return render(
        request,
        "portal/act_for.html",
        {"representations": citizens.citizen_representations(own)},
    )
