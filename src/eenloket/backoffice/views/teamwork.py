"""The case's team, plan, conversation and breakthrough table (docs/teamwork.md)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eenloket.access import casework
from eenloket.access import teamwork as teamwork_access
from eenloket.backoffice import workspace
from eenloket.backoffice.intake_forms import (
    DATE_ERRORS,
    DATE_INPUT,
    NO_CHOICE,
    UtrechtForm,
    about_field,
)
from eenloket.backoffice.signal_forms import SignalFields
from eenloket.backoffice.views.consent import _form_page as _any_form_page
from eenloket.cases import citizen_texts
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.directory import selectors as directory_selectors
from eenloket.directory.models import Team
from eenloket.teamwork import selectors, services
from eenloket.teamwork.models import BreakthroughTable, Decision, OwnerKind

TEXT = forms.Textarea(attrs={"rows": 3})


def _form_page(*args, **kwargs):
    """A form of the case's team and plan: back to that section of the workspace."""
    return _any_form_page(*args, section="team", **kwargs)


def _case(request, case_id):
    try:
        return casework.case_for(request.actor, case_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None


def _teams():
    return list(Team.objects.select_related("organisation").order_by("organisation__name", "name"))


def _team_choices(teams):
    return NO_CHOICE + [(str(t.pk), f"{t.organisation.name} — {t.name}") for t in teams]


class InviteForm(UtrechtForm):
    team = forms.ChoiceField(
        label=gettext_lazy("Team"), error_messages={"required": gettext_lazy("Choose the team.")}
    )
    role_on_case = forms.CharField(
        label=gettext_lazy("Their role on the case"),
        max_length=120,
        help_text=gettext_lazy("For example: “Bbz consultant” or “contact for a payment plan”."),
        error_messages={"required": gettext_lazy("Say what their role on the case is.")},
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _team_choices(teams)


@login_required
def invite(request, case_id):
    case = _case(request, case_id)
    teams = [t for t in _teams() if t.pk != case.owning_team_id]
    form = InviteForm(posted(request), teams=teams)

    def save(data):
        team = next((t for t in teams if str(t.pk) == data["team"]), None)
        if team is None:
            raise DomainError(_("Choose the team."), field="team")
        services.member_invite(
            case=case, team=team, role_on_case=data["role_on_case"], actor=request.actor
        )

    return _form_page(
        request, case, form, _("Invite to the case's team"), save, _("The invitation is sent.")
    )


@login_required
@require_POST
def invitation_answer(request, invitation_id):
    invitation = next(
        (
            i
            for i in teamwork_access.invitations_for(request.actor)
            if str(i.pk) == str(invitation_id)
        ),
        None,
    )
    if invitation is None:
        raise Http404(NotFoundOrForbidden().message)
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        messages.error(request, _("Choose to join or to decline."))
        return redirect("backoffice:handover_inbox")
    accept = answer == "accept"
    try:
        services.invitation_answer(invitation=invitation, accept=accept, actor=request.actor)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("backoffice:handover_inbox")
    if accept:
        messages.success(request, _("You joined the case's team."))
        return redirect("backoffice:case_detail", invitation.case_id)
    messages.success(request, _("You declined the invitation."))
    return redirect("backoffice:handover_inbox")


@login_required
@require_POST
def member_leave(request, case_id, member_id):
    case = _case(request, case_id)
    member = selectors.member_of(case, member_id)
    if member is None:
        raise Http404(NotFoundOrForbidden().message)
    try:
        services.member_leave(member=member, actor=request.actor)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("backoffice:case_detail", case.pk)
    messages.success(request, _("Taken off the case's team."))
    if member.user_id == request.user.pk:
        return redirect("backoffice:home")
    return redirect("backoffice:case_detail", case.pk)


class ActionForm(UtrechtForm):
    what = forms.CharField(
        label=gettext_lazy("What (in the team's words)"),
        max_length=300,
        widget=TEXT,
        error_messages={"required": gettext_lazy("Say what must be done.")},
    )
    what_citizen_key = forms.ChoiceField(
        label=gettext_lazy("What the citizen reads, when the action is theirs"),
        required=False,
        choices=[("", gettext_lazy("I write it myself, below"))]
        + [(key, text) for key, text in citizen_texts.ACTION_TEXTS.items()],
        help_text=gettext_lazy("Translated into the citizen's language when they read it."),
    )
    what_citizen = forms.CharField(
        label=gettext_lazy("Or write it for the citizen"),
        max_length=300,
        required=False,
        widget=TEXT,
        help_text=gettext_lazy(
            "Plain words, “u”, in the citizen's language. They never read your words above."
        ),
    )
    owner_kind = forms.ChoiceField(
        label=gettext_lazy("Who does it"), choices=NO_CHOICE + OwnerKind.choices
    )
    owner_user = forms.ChoiceField(label=gettext_lazy("Which worker"), required=False)
    owner_team = forms.ChoiceField(label=gettext_lazy("Which team"), required=False)
    due_on = forms.DateField(
        label=gettext_lazy("By when"),
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS | {"required": gettext_lazy("Say by when.")},
    )
    agreed_with_citizen = forms.BooleanField(
        label=gettext_lazy("Agreed with the citizen"), required=False
    )
    about = about_field()

    def __init__(self, *args, members=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].choices = NO_CHOICE + [
            (str(m.user_id), f"{m.user.display_name or m.user.username} ({m.role_on_case})")
            for m in members
        ]
        self.fields["owner_team"].choices = _team_choices(teams)


@login_required
def action_new(request, case_id):
    case = _case(request, case_id)
    members = selectors.of_case(case, request.actor).members
    teams = _teams()
    form = ActionForm(posted(request), members=members, teams=teams)

    def save(data):
        user = next((m.user for m in members if str(m.user_id) == data["owner_user"]), None)
        team = next((t for t in teams if str(t.pk) == data["owner_team"]), None)
        services.action_add(
            case=case,
            what=data["what"],
            what_citizen_key=data["what_citizen_key"],
            what_citizen=data["what_citizen"],
            owner_kind=data["owner_kind"],
            owner_user=user,
            owner_team=team,
            due_on=data["due_on"],
            agreed_with_citizen=data["agreed_with_citizen"],
            about=data["about"],
            actor=request.actor,
        )

    return _form_page(request, case, form, _("Add to the plan"), save, _("The action is added."))


@login_required
@require_POST
def action_state(request, case_id, action_id):
    case = _case(request, case_id)
    action = selectors.action_of(case, action_id, request.actor)
    if action is None:
        raise Http404(NotFoundOrForbidden().message)
    try:
        services.action_set_state(
            action=action, state=request.POST.get("state", ""), actor=request.actor
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The plan is updated."))
    return workspace.to_section(case.pk, "team")


class NoteForm(UtrechtForm):
    text = forms.CharField(
        label=gettext_lazy("Message to the team"),
        widget=TEXT,
        error_messages={"required": gettext_lazy("Write the message.")},
    )
    visible_to_citizen = forms.BooleanField(
        label=gettext_lazy("The citizen may read this too"), required=False
    )
    about = about_field()


@login_required
def team_note(request, case_id):
    case = _case(request, case_id)
    form = NoteForm(posted(request))

    def save(data):
        services.team_note_add(case=case, actor=request.actor, **data)

    return _form_page(
        request, case, form, _("Message to the team"), save, _("The message is on the case.")
    )


class BreakthroughForm(SignalFields):
    table = forms.ChoiceField(label=gettext_lazy("Breakthrough table"))
    question = forms.CharField(label=gettext_lazy("The question"), widget=TEXT)
    blocker = forms.CharField(
        label=gettext_lazy("What blocks it (which rules conflict)"),
        help_text=gettext_lazy("Without personal data: this is also kept as a signal."),
        widget=TEXT,
    )
    proposal = forms.CharField(label=gettext_lazy("The proposed custom solution"), widget=TEXT)
    field_order = ["table", "question", "blocker", "proposal", "regulation", "kind"]

    def __init__(self, *args, tables=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].choices = NO_CHOICE + [(str(t.pk), t.name) for t in tables]


@login_required
def breakthrough_new(request, case_id):
    case = _case(request, case_id)
    tables = list(BreakthroughTable.objects.order_by("name"))
    form = BreakthroughForm(
        posted(request),
        tables=tables,
        organisations=directory_selectors.organisations_for_choice(),
    )

    def save(data):
        table = next((t for t in tables if str(t.pk) == data["table"]), None)
        if table is None:
            raise DomainError(_("Choose the table."), field="table")
        services.breakthrough_submit(
            case=case,
            table=table,
            question=data["question"],
            blocker=data["blocker"],
            proposal=data["proposal"],
            actor=request.actor,
            **form.signal_values(),
        )

    return _form_page(
        request,
        case,
        form,
        _("Put the case to a breakthrough table"),
        save,
        _("The case is put to the table."),
    )


class DecisionForm(UtrechtForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), choices=NO_CHOICE + Decision.choices
    )
    reasons = forms.CharField(label=gettext_lazy("Reasons"), widget=TEXT)
    action_what = forms.CharField(
        label=gettext_lazy("Follow-up action (optional)"), max_length=300, required=False
    )
    action_team = forms.ChoiceField(label=gettext_lazy("Team that does it"), required=False)
    action_due_on = forms.DateField(
        label=gettext_lazy("By when"), widget=DATE_INPUT, required=False, error_messages=DATE_ERRORS
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_team"].choices = _team_choices(teams)


@login_required
def breakthroughs(request):
    waiting = teamwork_access.breakthroughs_for(request.actor)
    teams = _teams()
    forms_by_id = {b.pk: DecisionForm(prefix=str(b.pk), teams=teams) for b in waiting}
    if request.method == "POST":
        chosen = next((b for b in waiting if str(b.pk) == request.POST.get("breakthrough")), None)
        if chosen is None:
            messages.error(request, _("This case is already decided or not at your table."))
            return redirect("backoffice:breakthroughs")
        form = DecisionForm(request.POST, prefix=str(chosen.pk), teams=teams)
        forms_by_id[chosen.pk] = form
        if form.is_valid():
            data = form.cleaned_data
            actions = []
            if data["action_what"]:
                team = next((t for t in teams if str(t.pk) == data["action_team"]), None)
                actions.append(
                    {
                        "what": data["action_what"],
                        "owner_kind": OwnerKind.ORGANISATION,
                        "owner_team": team,
                        "due_on": data["action_due_on"],
                    }
                )
            try:
                services.breakthrough_decide(
                    breakthrough=chosen,
                    decision=data["decision"],
                    reasons=data["reasons"],
                    actions=actions,
                    actor=request.actor,
                )
            except DomainError as error:
                # An error in the follow-up action lands on its field here.
                field = {
                    "owner_team": "action_team",
                    "due_on": "action_due_on",
                    "what": "action_what",
                }.get(error.field, error.field)
                form.add_error(field if field in form.fields else None, error.message)
            else:
                messages.success(request, _("The decision is sent to the case's coordinator."))
                return redirect("backoffice:breakthroughs")
    for breakthrough in waiting:
        breakthrough.form = forms_by_id[breakthrough.pk]
    return render(
        request,
        "backoffice/breakthroughs.html",
        {"waiting": waiting},
        status=400 if request.method == "POST" else 200,
    )
