"""Cases ("vraag", dossier): one per person's situation, shared by every organisation involved,
with their contacts, notes, confirmations to the citizen and status history."""

from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.consent.categories import category_label
from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager
from eenloket.people.models import Channel


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")


class HoldReason(models.TextChoices):
    WAITING_ON_CITIZEN = "waiting_on_citizen", _("Waiting for the citizen")
    WAITING_ON_ORGANISATION = "waiting_on_organisation", _("Waiting for an organisation")
    CITIZEN_ASKED = "citizen_asked", _("The citizen asked to pause")
    OTHER = "other", _("Other reason")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Question answered, situation resolved")
    HANDED_OVER = "handed_over", _("Fully handed over to another organisation")
    WITHDRAWN = "withdrawn", _("The citizen withdrew the question")
    NO_CONTACT = "no_contact", _("No contact possible despite attempts")
    MERGED = "merged", _("Merged into another case of the same situation")


class SummaryState(models.TextChoices):
    DRAFT = "draft", _("Not yet confirmed by the citizen")
    CONFIRMED = "confirmed", _("Confirmed by the citizen")
    CORRECTED = "corrected", _("Corrected by the citizen")


class Case(BaseModel):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    # The question as the citizen said it, kept verbatim: never edited after intake.
    question_verbatim = models.TextField(_("question in the citizen's own words"))
    # The worker's summary, which the citizen confirms or corrects (their words win).
    summary = models.TextField(_("summary"), blank=True)
    summary_state = models.CharField(
        max_length=16, choices=SummaryState.choices, default=SummaryState.DRAFT
    )
    summary_correction = models.TextField(_("the citizen's correction"), blank=True)
    # Vocabulary keys (cases/vocabulary.py); to be linked to directory.LifeEvent/Need (#5).
    life_events = models.JSONField(_("life events"), default=list, blank=True)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    owning_team = models.ForeignKey(
        "directory.Team", on_delete=models.PROTECT, related_name="owned_cases"
    )
    coordinator = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="coordinated_cases",
        null=True,
        blank=True,
    )
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    hold_reason = models.CharField(
        _("reason for holding"), max_length=32, choices=HoldReason.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    status_note = models.CharField(_("explanation"), max_length=500, blank=True)
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    # What the citizen reads about the next step (cases/citizen_texts.py): a translated text
    # the system chose (a key), or a text a worker wrote for them. ``next_step`` is the
    # worker's note and never reaches the citizen.
    next_step_citizen_key = models.CharField(max_length=40, blank=True)
    next_step_citizen = models.CharField(
        _("next step as the citizen reads it"), max_length=500, blank=True
    )
    opened_at = models.DateTimeField(default=clock.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency: every change raises it; a save based on an older version fails.
    version = models.PositiveIntegerField(default=1)

    objects = GuardedManager()

    class Meta:
        indexes = [
            models.Index(fields=["owning_team", "status", "next_step_due"]),
            models.Index(fields=["coordinator", "status", "next_step_due"]),
        ]
        constraints = [
            # Nobody falls through the cracks: an open case always has a dated next step.
            models.CheckConstraint(
                condition=~Q(status="open") | (Q(next_step_due__isnull=False) & ~Q(next_step="")),
                name="case_open_has_next_step",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="case_closed_at_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(status="on_hold", hold_reason__gt="")
                | (~Q(status="on_hold") & Q(hold_reason="")),
                name="case_hold_reason_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", outcome__gt="")
                | (~Q(status="closed") & Q(outcome="")),
                name="case_outcome_matches_status",
            ),
        ]

    def __str__(self):
        return f"{_('Case')} {str(self.pk)[:8]}"

    @property
    def is_overdue(self) -> bool:
        return self.next_step_due is not None and self.next_step_due < clock.today()


class CaseTeam(BaseModel):
    """A team that works on a case besides the owning team (after a handover or invitation)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="teams")
    team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="case_links")
    since = models.DateTimeField(default=clock.now)
    # Set when the team's part ends (a handover declined, cancelled or completed; leaving the
    # team): from then on the policy point gives it nothing of this case.
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "team"], name="case_team_unique")]
        # The cases a team works on now, for the policy point's visible_cases (an index-only
        # scan computed before the worklist query, docs/performance.md).
        indexes = [
            models.Index(
                fields=["team", "case"],
                condition=models.Q(ended_at__isnull=True),
                name="case_team_active",
            )
        ]


class CaseStatusChange(BaseModel):
    """One row per status change (append-only history of the state machine)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=CaseStatus.choices)
    reason = models.CharField(max_length=32, blank=True)
    note = models.CharField(max_length=500, blank=True)
    changed_at = models.DateTimeField(default=clock.now)
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["changed_at"]


class ContactChannel(models.TextChoices):
    DESK = "desk", _("Desk")
    PHONE = "phone", _("Phone")
    HOME_VISIT = "home_visit", _("Home visit")
    COMMUNITY_CENTRE = "community_centre", _("Community centre")
    LETTER_RECEIVED = "letter_received", _("Letter received")
    PORTAL = "portal", _("Portal")
    EMAIL = "email", _("E-mail")


class Direction(models.TextChoices):
    INCOMING = "incoming", _("The citizen contacted us")
    OUTGOING = "outgoing", _("We contacted the citizen")


class Verification(models.TextChoices):
    """How the worker established who they were speaking with, before discussing anything."""

    ID_DOCUMENT = "id_document", _("Identity document checked")
    KNOWN_IN_PERSON = "known_in_person", _("Known to the worker from earlier contact in person")
    CALLBACK = "callback", _("Called back on the number registered for this person")
    CONTROL_QUESTIONS = "control_questions", _("Control questions answered correctly")
    WRITTEN_AUTHORISATION = (
        "written_authorisation",
        _("Representative: written authorisation and their identity document seen"),
    )
    DIGID = "digid", _("Logged in with DigiD")
    NOT_NEEDED = "not_needed", _("Not needed: a letter or message without a conversation")
    NOT_VERIFIED = "not_verified", _("Not verified: only general information was given")


# Channels on which nobody speaks, so identity cannot be checked in a conversation.
WRITTEN_CHANNELS = (ContactChannel.LETTER_RECEIVED, ContactChannel.EMAIL, ContactChannel.PORTAL)


class Contact(BaseModel):
    """A contact with the citizen or their representative, on any channel."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    # Who spoke: the person themselves, or a representative (then ``representation`` is set).
    # What the contact (and the documents brought to it) is about, a data category besides
    # "notes on the question": a team reads it only when it may see both; "" not said, "team"
    # an arrangement: as before, the notes alone (decision 0046).
    about = models.CharField(_("about"), max_length=32, blank=True)
    representation = models.ForeignKey(
        "people.Representation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verification = models.CharField(
        _("identity verified by"), max_length=24, choices=Verification.choices
    )
    verification_note = models.CharField(_("about the verification"), max_length=300, blank=True)
    summary = models.TextField(_("summary"))
    # What the citizen reads about the contact in their timeline and confirmation
    # (cases/citizen_texts.py): a translated text the system chose, or one written for them;
    # without either a text from the channel. ``summary`` is the worker's and never reaches them.
    summary_citizen_key = models.CharField(max_length=40, blank=True)
    summary_citizen = models.TextField(_("what was said, as the citizen reads it"), blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=500, blank=True)
    occurred_at = models.DateTimeField(_("when"), default=clock.now)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "directory.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["case", "occurred_at"])]


DOCUMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "heic", "tif", "tiff")
DOCUMENT_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "heic": "image/heic",
    "tif": "image/tiff",
    "tiff": "image/tiff",
}


def document_path(instance, filename):
    # Random name: the citizen's file name may hold personal data, so it stays in the database.
    return f"documents/{instance.contact.case_id}/{instance.pk}"


class ContactDocument(BaseModel):
    """A document the citizen brought (a scanned letter), checked for type and size.

    ``file`` holds only the content encrypted with the field keys (core/crypto.py); ``size``
    is the size of the original. Read it through ``cases.selectors.document_content``.
    """

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(
        upload_to=document_path, validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)]
    )
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(_("what document"), max_length=300, blank=True)

    objects = GuardedManager()


class ConfirmationState(models.TextChoices):
    # Queued: a message in the outbox (notifications) carries it; its status says whether it
    # was sent, on which channel, or needs a person.
    QUEUED = "queued", _("Handed to the outbox")
    HANDED_OVER_IN_PERSON = "in_person", _("Given in person at the contact")


class Confirmation(BaseModel):
    """What we tell the citizen after a contact: what we understood, what happens next and who
    to reach, on the channel chosen from their preferences. Sent as a ``notifications.Message``
    written in the same transaction as the contact (the outbox)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="confirmations")
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="confirmations"
    )
    recipient = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=16)  # a people.Channel value, or "" when none allowed
    understood = models.TextField()
    next_steps = models.TextField()
    reach = models.CharField(max_length=300)
    # False: the channel may be seen by others, so only "please contact us" is sent on it.
    with_detail = models.BooleanField(default=True)
    state = models.CharField(
        max_length=16, choices=ConfirmationState.choices, default=ConfirmationState.QUEUED
    )
    message = models.OneToOneField(
        "notifications.Message",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmation",
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["created_at"]

    @property
    def channel_label(self) -> str:

        return str(Channel(self.channel).label) if self.channel in Channel.values else ""


class CaseNote(BaseModel):
    """A worker's note on the case. Internal notes are never shown to the citizen."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    internal = models.BooleanField(_("internal"), default=True)
    written_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "directory.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["created_at"]


class Fact(BaseModel):
    """A dated fact about the person in the dossier, with where it comes from: "income: a WW
    benefit since 1 March", "the CJIB reference of the fine". Each fact has one data category,
    so the policy point can share it, or not, with a partner; a consent may also name one fact.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="facts")
    category = models.CharField(_("category"), max_length=32)
    label = models.CharField(_("what"), max_length=200)
    value = models.CharField(_("value"), max_length=500)
    # A structured fact (cases/fact_keys.py) also has a key and an amount that rules can read.
    key = models.CharField(_("key"), max_length=40, blank=True, default="")
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=300)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "directory.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["category", "-as_of"]

    def __str__(self):
        return f"{self.label}: {self.value}"

    @property
    def category_label(self) -> str:

        return category_label(self.category)


class AccessRequestState(models.TextChoices):
    REQUESTED = "requested", _("Asked, waiting for a decision")
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AccessRequest(BaseModel):
    """A team asks to work on a case another team owns (found by a person search). A coordinator
    of the owning team grants it (the team is then linked through ``CaseTeam``) or declines."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_requests")
    requesting_team = models.ForeignKey(
        "directory.Team", on_delete=models.PROTECT, related_name="access_requests"
    )
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="access_requests"
    )
    reason = models.TextField(_("why your team needs to work on this case"))
    state = models.CharField(
        max_length=16, choices=AccessRequestState.choices, default=AccessRequestState.REQUESTED
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note on the decision"), max_length=500, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # One open request per case and team: asking again waits for the first answer.
            models.UniqueConstraint(
                fields=["case", "requesting_team"],
                condition=Q(state="requested"),
                name="access_request_one_open_per_team",
            ),
            models.CheckConstraint(
                condition=Q(state="requested", decided_at__isnull=True)
                | (~Q(state="requested") & Q(decided_at__isnull=False)),
                name="access_request_decided_at_matches_state",
            ),
        ]
        indexes = [models.Index(fields=["state", "case"], name="access_request_open")]


class Referral(BaseModel):
    """A person sent into the loket by a partner (decision 0047; through the API): a question, or an
    early-warning signal of payment arrears (Wgs art. 3(1)(b) and 5(2)-(3): a landlord, energy or
    water company or health insurer reports arrears to the municipality, which then offers help).

    A question lands on a case of the receiving team (the person's open one, else a new one)
    with a dated next step. An arrears signal is not a case the person never asked for: it is
    an outreach task in the team's queue (its ``next_step``), and the person's answer decides
    what follows (``services.referrals.referral_answer``: a case when they want help)."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        ARREARS = "arrears", _("Payment arrears")

    class State(models.TextChoices):
        ON_CASE = "on_case", _("On a case")
        OUTREACH = "outreach", _("Offer of help to be made")
        HELP_ACCEPTED = "help_accepted", _("Help accepted")
        HELP_DECLINED = "help_declined", _("Help declined")
        UNREACHABLE = "unreachable", _("Could not be reached")

    class Creditor(models.TextChoices):
        LANDLORD = "landlord", _("Landlord")
        ENERGY = "energy", _("Energy company")
        WATER = "water", _("Water company")
        HEALTH_INSURER = "health_insurer", _("Health insurer")

    # The team that sent it (a partner's team; through the API, the client's team).
    from_team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    state = models.CharField(max_length=16, choices=State.choices)
    to_team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    # Goes with the person's dossier when it is deleted at the end of its term.
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField()
    already_done = models.TextField(blank=True)
    urgent = models.BooleanField(default=False)
    reach = models.CharField(max_length=300, blank=True)  # how to reach the person
    creditor = models.CharField(max_length=16, choices=Creditor.choices, blank=True)
    arrears_cents = models.PositiveIntegerField(null=True, blank=True)
    months_in_arrears = models.PositiveSmallIntegerField(null=True, blank=True)
    next_step = models.CharField(max_length=300)
    next_step_due = models.DateField()
    answered_at = models.DateTimeField(null=True, blank=True)
    # What the worker noted with the answer (for "could not be reached": the attempts made).
    answer_note = models.TextField(blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["next_step_due", "created_at"]
        indexes = [models.Index(fields=["to_team", "state", "next_step_due"])]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to_team_id} ({self.state})"

    @property
    def arrears_euros(self) -> int | None:
        return None if self.arrears_cents is None else self.arrears_cents // 100


class ReferralEvent(BaseModel):
    """What happened to a referral that its sender should know (decision 0047, addendum):
    a question's case taken up or closed, an offer of help answered. The sender's events
    (``access.api.referral_events``) are made of these; the kind is what happened, never why."""

    class Kind(models.TextChoices):
        TAKEN_UP = "taken_up", _("Taken up by a worker")
        CLOSED = "closed", _("The case was closed")
        ANSWERED = "answered", _("The offer of help was answered")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # The team that did it (the receiving municipality's), for the event's source.
    by_team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")

    objects = GuardedManager()

    class Meta:
        ordering = ["created_at"]
