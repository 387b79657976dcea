"""Warm handovers: hand a case over to a direct line, the handover page with every move the
actor's side may make, the team's inbox, and a question to a colleague (docs/handovers.md)."""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.access import casework
from eenloket.access import disclosure as disclosure_rules
from eenloket.access import handovers as handover_access
from eenloket.access import teamwork as teamwork_access
from eenloket.backoffice import workspace
from eenloket.backoffice.intake_forms import DATE_ERRORS, DATE_INPUT, NO_CHOICE, UtrechtForm
from eenloket.backoffice.views.intake import _add_error
from eenloket.backoffice.views.teamwork import about_field
from eenloket.consent.categories import category_label
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.handovers import selectors, services
from eenloket.handovers.models import Urgency
from eenloket.handovers.states import (
    FINAL,
    MACHINE,
    RECEIVER,
    SENDER,
    DeclineReason,
    FailureReason,
    Outcome,
    State,
    offered_actions,
)

TEXT = forms.Textarea(attrs={"rows": 3})


def _line_choices(points):
    return NO_CHOICE + [
        (str(p.pk), f"{p.team.organisation.name} — {p.name} ({p.get_capacity_display()})")
        for p in points
    ]


class HandoverForm(UtrechtForm):
    contact_point = forms.ChoiceField(
        label=gettext_lazy("Direct line"),
        error_messages={"required": gettext_lazy("Choose the direct line.")},
    )
    question = forms.CharField(
        label=gettext_lazy("The question, written for the receiver"),
        widget=TEXT,
        error_messages={"required": gettext_lazy("Write the question for the receiver.")},
    )
    why_this_organisation = forms.CharField(
        label=gettext_lazy("Why this organisation"),
        widget=TEXT,
        error_messages={"required": gettext_lazy("Say why this organisation.")},
    )
    asked = forms.CharField(
        label=gettext_lazy("What you ask of them"),
        widget=TEXT,
        error_messages={"required": gettext_lazy("Say what you ask of them.")},
    )
    urgency = forms.ChoiceField(label=gettext_lazy("Urgency"), choices=Urgency.choices)
    about = about_field()
    starts_on = forms.DateField(
        label=gettext_lazy("Start date"),
        help_text=gettext_lazy(
            "For example the day of release. Their answer term counts from this day."
        ),
        widget=DATE_INPUT,
        required=False,
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].choices = partial(_line_choices, points)


class CallForm(UtrechtForm):
    spoke_with = forms.CharField(label=gettext_lazy("Spoke with"), max_length=200)
    called_at = forms.DateTimeField(
        label=gettext_lazy("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages=DATE_ERRORS,
    )
    agreed = forms.CharField(label=gettext_lazy("What was agreed"), widget=TEXT)


class DeclineForm(UtrechtForm):
    reason_code = forms.ChoiceField(
        label=gettext_lazy("Reason"), choices=NO_CHOICE + DeclineReason.choices
    )
    text = forms.CharField(label=gettext_lazy("Explanation"), widget=TEXT, required=False)
    suggested = forms.ChoiceField(
        label=gettext_lazy("Suggest the right direct line"), required=False
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggested"].choices = partial(_line_choices, points)


class CompleteForm(UtrechtForm):
    reason_code = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=NO_CHOICE + Outcome.choices
    )
    text = forms.CharField(label=gettext_lazy("Explanation"), widget=TEXT, required=False)
    decision_on = forms.DateField(
        label=gettext_lazy("Date of the decision (when a decision was taken)"),
        widget=DATE_INPUT,
        required=False,
        error_messages=DATE_ERRORS,
    )


class FailForm(UtrechtForm):
    reason_code = forms.ChoiceField(
        label=gettext_lazy("Reason"), choices=NO_CHOICE + FailureReason.choices
    )
    text = forms.CharField(label=gettext_lazy("Explanation"), widget=TEXT, required=False)


class ReasonForm(UtrechtForm):
    text = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=TEXT,
        error_messages={"required": gettext_lazy("Give the reason.")},
    )


class ReferenceForm(UtrechtForm):
    reference = forms.CharField(label=gettext_lazy("Your own reference"), max_length=60)


class RerouteForm(UtrechtForm):
    contact_point = forms.ChoiceField(
        label=gettext_lazy("Send it to this direct line instead"),
        error_messages={"required": gettext_lazy("Choose the direct line.")},
    )
    reason_without_contact = forms.CharField(
        label=gettext_lazy(
            "Only if that team cannot see how to reach the citizen: why it must go now"
        ),
        widget=TEXT,
        required=False,
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].choices = partial(_line_choices, points)


class EmptyForm(UtrechtForm):
    pass


def _point(points, pk):
    if not pk:  # nothing chosen: the lines need not be read
        return None
    return next((p for p in points if str(p.pk) == pk), None)


def _move(action):
    def save(handover, data, actor, points):
        if action == "send":
            services.handover_send(
                handover=handover,
                actor=actor,
                reason_without_contact=data.get("reason_without_contact", ""),
            )
            return
        services.handover_transition(
            handover=handover,
            action=action,
            actor=actor,
            reason_code=data.get("reason_code", ""),
            text=data.get("text", ""),
            decision_on=data.get("decision_on"),
            suggested_contact_point=_point(points, data.get("suggested") or ""),
        )

    return save


def _ask_consent(handover, data, actor, points):
    services.handover_ask_consent(handover=handover, actor=actor)


class SendWithoutContactForm(UtrechtForm):
    reason_without_contact = forms.CharField(
        label=gettext_lazy("Why it must go now, although they cannot reach the citizen"),
        help_text=gettext_lazy(
            "Better: ask the citizen for consent first. Kept in the handover's history."
        ),
        widget=TEXT,
        required=False,
    )


def _call(handover, data, actor, points):
    services.warm_call_record(handover=handover, actor=actor, **data)


def _reference(handover, data, actor, points):
    services.handover_set_reference(handover=handover, reference=data["reference"], actor=actor)


def _reroute(handover, data, actor, points):
    point = _point(points, data["contact_point"])
    if point is None:
        raise DomainError(_("Choose the direct line."), field="contact_point")
    services.handover_reroute(
        declined=handover,
        contact_point=point,
        actor=actor,
        reason_without_contact=data.get("reason_without_contact", ""),
    )


# How the page shows each action of the table (handovers/states.py): label, form, the write.
# Which of them it offers, in which state and to which side, is the table's alone.
ACTIONS = {
    "call": (gettext_lazy("Record the call"), CallForm, _call),
    "ask_consent": (
        gettext_lazy("Ask the citizen for this consent"),
        EmptyForm,
        _ask_consent,
    ),
    "send": (gettext_lazy("Send"), EmptyForm, _move("send")),
    "accept": (gettext_lazy("Accept"), EmptyForm, _move("accept")),
    "decline": (gettext_lazy("Decline"), DeclineForm, _move("decline")),
    "start": (gettext_lazy("Start working on it"), EmptyForm, _move("start")),
    "hold": (gettext_lazy("Put on hold"), ReasonForm, _move("hold")),
    "resume": (gettext_lazy("Resume"), EmptyForm, _move("resume")),
    "complete": (gettext_lazy("Complete"), CompleteForm, _move("complete")),
    "fail": (gettext_lazy("Could not be done"), FailForm, _move("fail")),
    "reference": (gettext_lazy("Save your reference"), ReferenceForm, _reference),
    "cancel": (gettext_lazy("Cancel the handover"), ReasonForm, _move("cancel")),
    "error": (gettext_lazy("Entered in error"), EmptyForm, _move("error")),
    "reroute": (gettext_lazy("Send to another direct line"), RerouteForm, _reroute),
}
NEEDS_POINTS = (DeclineForm, RerouteForm)


def _side(handover, actor):
    team_id = actor.membership.team_id
    return SENDER if team_id == handover.from_team_id else RECEIVER


@login_required
def handover_detail(request, handover_id):
    try:
        handover = handover_access.handover_for(request.actor, handover_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    side = _side(handover, request.actor)
    # Every direct line the worker may hand over to (hundreds in a country), read only when a
    # form shows or checks them: the choices below are callables, so an accept, which needs no
    # line, never reads them (docs/performance.md, seventh session).
    actor = request.actor
    points = SimpleLazyObject(lambda: selectors.contact_points_for_choice(actor))
    # Before sending (and on the accept screen): what the receiving team will see, and what it
    # needs and will not get (decision 0039).
    reach = None
    if handover.state in (State.DRAFT, State.SENT):
        reach = disclosure_rules.reach_of_team(handover.case, handover.to_team)
    offered = offered_actions(handover, side, missing=bool(reach and reach.missing))
    available = {name: spec for name, spec in ACTIONS.items() if name in offered}
    if reach is not None and reach.unreachable and "send" in available:
        available["send"] = (gettext_lazy("Send anyway"), SendWithoutContactForm, _move("send"))
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in available:
        if action == "accept" and handover.accepted_at is not None:
            # A page opened before someone (perhaps this worker, in another window) accepted.
            messages.error(request, services.already_accepted_message(handover, request.actor))
        else:
            messages.error(request, _("This cannot be done with the handover now."))
        return redirect("backoffice:handover_detail", handover.pk)
    forms_by_action = {}
    for name, spec in available.items():
        label, form_class = spec[0], spec[1]
        data = request.POST if name == action else None
        kwargs = {"points": points} if form_class in NEEDS_POINTS else {}
        forms_by_action[name] = (label, form_class(data, prefix=name, **kwargs))
    if action:
        _label, form = forms_by_action[action]
        if form.is_valid():
            try:
                available[action][2](handover, form.cleaned_data, request.actor, points)
            except DomainError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Saved."))
                if action == "reroute" or MACHINE.target_of(action) in FINAL:
                    # The receiver's access may have ended: back to the actor's own list.
                    return redirect("backoffice:handover_inbox")
                return redirect("backoffice:handover_detail", handover.pk)
    return render(
        request,
        "backoffice/handover_detail.html",
        {
            "handover": handover,
            "case": handover.case,
            "side": side,
            "events": handover_access.events_of(handover),
            "calls": handover_access.calls_of(handover),
            "forms": forms_by_action,
            "action": action,
            "reach": reach,
            "reach_labels": [category_label(c) for c in reach.sees] if reach else [],
            "missing_labels": [category_label(c) for c in reach.missing] if reach else [],
        },
        status=400 if action else 200,
    )


@login_required
def handover_new(request, case_id):
    try:
        case = casework.case_for(request.actor, case_id, needs=("case_notes",))
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    points = selectors.contact_points_for_choice(request.actor)
    initial = {}
    suggested = request.GET.get("lijn")
    if suggested and _point(points, suggested):
        initial["contact_point"] = suggested
    form = HandoverForm(posted(request), points=points, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            point = _point(points, data["contact_point"])
            if point is None:
                raise DomainError(_("Choose the direct line."), field="contact_point")
            send_now = request.POST.get("send_now") == "1"
            # "Send now": draft and send in one step; else a draft to check first.
            make = services.handover_draft_and_send if send_now else services.handover_draft
            handover = make(
                case=case,
                contact_point=point,
                question=data["question"],
                why_this_organisation=data["why_this_organisation"],
                asked=data["asked"],
                urgency=data["urgency"],
                about=data.get("about") or "",
                starts_on=data.get("starts_on"),
                actor=request.actor,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            if send_now:
                messages.success(request, _("The handover is sent to the direct line."))
                return workspace.to_section(case.pk, "overdrachten")
            messages.success(request, _("The handover is ready as a draft: check it and send it."))
            return redirect("backoffice:handover_detail", handover.pk)
    return render(
        request,
        "backoffice/handover_new.html",
        {"case": case, "form": form, "warmth": services.warmth_for(case)},
        status=400 if request.method == "POST" else 200,
    )


class QuestionForm(UtrechtForm):
    contact_point = forms.ChoiceField(
        label=gettext_lazy("Direct line"),
        error_messages={"required": gettext_lazy("Choose the direct line.")},
    )
    question = forms.CharField(
        label=gettext_lazy("Your question, without personal data"),
        help_text=gettext_lazy(
            "For example: “Does your team help self-employed people with a tax debt?”"
        ),
        widget=TEXT,
        error_messages={"required": gettext_lazy("Write the question.")},
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].choices = partial(_line_choices, points)


@login_required
def colleague_question(request, case_id):
    try:
        case = casework.case_for(request.actor, case_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    points = selectors.contact_points_for_choice(request.actor)
    form = QuestionForm(posted(request), points=points)
    if request.method == "POST" and form.is_valid():
        try:
            point = _point(points, form.cleaned_data["contact_point"])
            if point is None:
                raise DomainError(_("Choose the direct line."), field="contact_point")
            services.colleague_question_ask(
                case=case,
                contact_point=point,
                question=form.cleaned_data["question"],
                actor=request.actor,
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Your question is sent to the direct line."))
            return workspace.to_section(case.pk, "overdrachten")
    return render(
        request,
        "backoffice/case_form.html",
        {"case": case, "form": form, "title": _("Ask a colleague first")},
        status=400 if request.method == "POST" else 200,
    )


class AnswerForm(UtrechtForm):
    answer = forms.CharField(label=gettext_lazy("Answer"), widget=TEXT)


@login_required
def inbox(request):
    box = handover_access.inbox(request.actor)
    answer_forms = {q.pk: AnswerForm(prefix=str(q.pk)) for q in box.questions}
    if request.method == "POST":
        asked = next((q for q in box.questions if str(q.pk) == request.POST.get("question")), None)
        if asked is None:
            messages.error(request, _("This question is already answered or not yours."))
            return redirect("backoffice:handover_inbox")
        form = AnswerForm(request.POST, prefix=str(asked.pk))
        if form.is_valid():
            try:
                services.colleague_question_answer(
                    asked=asked, answer=form.cleaned_data["answer"], actor=request.actor
                )
            except DomainError as error:
                form.add_error("answer", error.message)
            else:
                messages.success(request, _("Your answer is kept on the case."))
                return redirect("backoffice:handover_inbox")
        answer_forms[asked.pk] = form
    for question in box.questions:
        question.form = answer_forms[question.pk]
    return render(
        request,
        "backoffice/handover_inbox.html",
        {"box": box, "invitations": teamwork_access.invitations_for(request.actor)},
        status=400 if request.method == "POST" else 200,
    )
