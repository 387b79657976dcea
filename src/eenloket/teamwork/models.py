"""The multidisciplinary team on a case, its plan, its conversation, and the breakthrough
table for stuck cases (docs/teamwork.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class InvitationState(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Invitation(BaseModel):
    """An invitation for a worker (or any worker of a team) to join a case's team."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="invitations")
    team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role_on_case = models.CharField(_("role on the case"), max_length=120)
    invited_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=12, choices=InvitationState.choices, default=InvitationState.INVITED
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()


class Member(BaseModel):
    """A worker on the case's team, with their organisation (through their team) and role."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    role_on_case = models.CharField(_("role on the case"), max_length=120)
    joined_at = models.DateTimeField(default=clock.now)
    left_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(left_at__isnull=True),
                name="one_current_membership_per_case",
            )
        ]


class OwnerKind(models.TextChoices):
    WORKER = "worker", _("A worker")
    ORGANISATION = "organisation", _("An organisation")
    CITIZEN = "citizen", _("The citizen")
    REPRESENTATIVE = "representative", _("The representative")


class ActionState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Action(BaseModel):
    """One action of the plan: who, what, by when, status. Actions of the citizen (or their
    representative) show in their overview in the citizen's text, never the team's wording."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("what"), max_length=300)
    # What the citizen reads (cases/citizen_texts.py): a translated text the worker chose
    # (``what_citizen_key``) or one written for them (B1, "u", in their language). ``what`` is
    # the team's wording and never reaches the citizen.
    what_citizen_key = models.CharField(max_length=40, blank=True)
    what_citizen = models.CharField(_("what, as the citizen reads it"), max_length=300, blank=True)
    owner_kind = models.CharField(_("who"), max_length=16, choices=OwnerKind.choices)
    owner_user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_team = models.ForeignKey(
        "directory.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("by when"))
    # What the text is about (a data category, "team" for everyone on the case, or "" not
    # said), and the team that wrote it: another team reads it only when it may see that
    # (access.disclosure.Disclosure.may_read_text, decision 0039).
    about = models.CharField(_("about"), max_length=32, blank=True)
    written_by_team = models.ForeignKey(
        "directory.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=12, choices=ActionState.choices, default=ActionState.OPEN)
    agreed_with_citizen = models.BooleanField(_("agreed with the citizen"), default=False)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    breakthrough = models.ForeignKey(
        "teamwork.Breakthrough",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["state", "due_on"], name="action_due")]

    @property
    def overdue(self) -> bool:
        return self.state == ActionState.OPEN and self.due_on < clock.today()


class TeamNote(BaseModel):
    """A short message between team members on the case; the citizen sees it only when it is
    marked so."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="team_notes")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    # What the note is about, as for an action (decision 0039).
    about = models.CharField(_("about"), max_length=32, blank=True)
    visible_to_citizen = models.BooleanField(default=False)

    objects = GuardedManager()

    class Meta:
        ordering = ["created_at"]


class BreakthroughTable(BaseModel):
    """A named group of decision-makers of several organisations that can agree a custom
    solution ("maatwerk") no single rule allows."""

    name = models.CharField(max_length=200, unique=True)
    members = models.ManyToManyField("accounts.User", related_name="breakthrough_tables")


class BreakthroughState(models.TextChoices):
    SUBMITTED = "submitted", _("Put to the table")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Decision(models.TextChoices):
    AGREED = "agreed", _("Agreed: the custom solution goes ahead")
    AGREED_CHANGED = "agreed_changed", _("Agreed with changes")
    REFUSED = "refused", _("Refused")


class Breakthrough(BaseModel):
    """A stuck case put to a breakthrough table: the question, what blocks it, the proposed
    custom solution; the table's decision with its reasons."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="breakthroughs")
    table = models.ForeignKey(BreakthroughTable, on_delete=models.PROTECT, related_name="cases")
    question = models.TextField(_("the question"))
    blocker = models.TextField(_("what blocks it"))
    proposal = models.TextField(_("the proposed custom solution"))
    # What the policy point released to each organisation at the table, when submitted.
    shared = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=12, choices=BreakthroughState.choices, default=BreakthroughState.SUBMITTED
    )
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()
