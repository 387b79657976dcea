"""The shapes of /api/v1/: what goes in and what comes out (OpenAPI 3.1 from these)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, field_validator

from eenloket.cases.models import ContactChannel, Direction, Verification
from eenloket.handovers.states import DeclineReason, FailureReason, Outcome, State
from eenloket.teamwork.models import ActionState

HandoverStateName = Literal[tuple(State.values)]  # type: ignore[valid-type]
DeclineCode = Literal[tuple(DeclineReason.values)]  # type: ignore[valid-type]
OutcomeCode = Literal[tuple(Outcome.values)]  # type: ignore[valid-type]
FailureCode = Literal[tuple(FailureReason.values)]  # type: ignore[valid-type]

# Free text a partner sends: bounded, so nothing unbounded reaches the database.
Text = Field("", max_length=2000)


def without_nul(value):
    """Refuse a NUL character (U+0000) anywhere in a value: PostgreSQL text cannot hold one,
    so it would end as a 500 after the checks (found by schemathesis; forms refuse it
    themselves, decision 0057). Returns the value unchanged otherwise."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain the NUL character (U+0000)")
    if isinstance(value, list | tuple):
        for item in value:
            without_nul(item)
    return value


def as_utc(value):
    """A moment with its time zone, as UTC; refused when it lies before 1900.

    JSON allows any offset up to ±23:59, PostgreSQL stores ±15:59 at most ("time zone
    displacement out of range": a 500, found by schemathesis); the moment itself is what
    counts, so it is kept in UTC. Nothing a partner records happened before 1900."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        try:
            value = value.astimezone(dt.UTC)
        except OverflowError:
            raise ValueError("is not a moment that can be stored") from None
        if value.year < 1900:
            raise ValueError("must lie after 1900")
    return value


# A free-text query parameter (a search).
SearchText = Annotated[str, AfterValidator(without_nul)]


class InputSchema(Schema):
    """What a partner sends: every text field refuses a NUL character by its name (422), and
    every moment is kept in UTC (``as_utc``)."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value):
        return as_utc(without_nul(value))


class Ref(Schema):
    id: UUID
    name: str


# Directory ---------------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: UUID
    name: str
    kind: str
    oin: str
    website: str
    description: str


class ServiceOut(Schema):
    id: UUID
    name: str
    description: str


class ContactPointOut(Schema):
    id: UUID
    name: str
    organisation: Ref
    team: Ref
    phone: str
    email: str
    service_level_hours: int
    capacity: str
    topics: str


class OrganisationDetail(OrganisationOut):
    services: list[ServiceOut]
    # Only for a client that may see direct lines (scope directory.direct_lines.read).
    contact_points: list[ContactPointOut] | None = None


class OrganisationPage(Schema):
    items: list[OrganisationOut]
    next_cursor: str | None


class ContactPointPage(Schema):
    items: list[ContactPointOut]
    next_cursor: str | None


# Handovers ---------------------------------------------------------------------------------


class PersonOut(Schema):
    """What every team on a case may see of the person: the name (category "name")."""

    name: str


class HandoverOut(Schema):
    id: UUID
    state: HandoverStateName
    urgency: str
    warmth: str
    case_id: UUID
    person: PersonOut
    from_organisation: Ref
    from_team: Ref
    to_organisation: Ref
    to_team: Ref
    contact_point: Ref
    sent_at: dt.datetime | None
    due_at: dt.datetime | None
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    overdue: bool
    escalated: bool
    version: int
    starts_on: dt.date | None = Field(
        description="The day the receiver's work may start; the answer term counts from it "
        "(decision 0046)."
    )
    about: str | None = Field(
        description='What its messages are about: a data category, "team" (for everyone '
        'on the case) or "" (not said). null: a category the client\'s team may not see '
        "of this person (the same rule as on the screens, decisions 0039 and 0046)."
    )


class HandoverEventOut(Schema):
    at: dt.datetime
    kind: str
    source: str
    target: str
    reason_code: str
    text: str


class HandoverDetail(HandoverOut):
    question: str
    why_this_organisation: str
    asked: str
    reason_code: str
    reason_text: str
    decision_on: dt.date | None
    receiver_reference: str
    # What the policy point released to the receiving organisation when it was sent:
    # category -> basis ("task", "relation", "statute:<law>", "consent:<id>").
    shared: dict[str, str]
    channels: list[str]
    history: list[HandoverEventOut]


class HandoverPage(Schema):
    items: list[HandoverOut]
    next_cursor: str | None


class HandoverStatus(Schema):
    """A handover after a write: its state now (a final one ends the team's access, so the
    detail may no longer be readable)."""

    id: UUID
    state: HandoverStateName
    version: int
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    reason_code: str
    receiver_reference: str


class AcceptIn(InputSchema):
    reference: str = Field("", max_length=60, description="The receiver's own reference.")


class DeclineIn(InputSchema):
    reason_code: DeclineCode
    reason_text: str = Text
    suggested_contact_point_id: UUID | None = Field(
        None, description="A direct line that may be able to help instead."
    )


class ProgressIn(InputSchema):
    status: Literal["in_progress", "on_hold"] = Field(
        description="in_progress: work has started (or resumes); on_hold: waiting, say why."
    )
    reason_text: str = Text
    reference: str | None = Field(None, max_length=60)


class CompleteIn(InputSchema):
    outcome: OutcomeCode
    reason_text: str = Text
    decision_on: dt.date | None = Field(
        None, description="The date of the decision; required with outcome decision_taken."
    )


class FailIn(InputSchema):
    reason_code: FailureCode
    reason_text: str = Text


# Contacts and the plan ---------------------------------------------------------------------

ChannelCode = Literal[tuple(ContactChannel.values)]  # type: ignore[valid-type]
DirectionCode = Literal[tuple(Direction.values)]  # type: ignore[valid-type]
VerificationCode = Literal[tuple(Verification.values)]  # type: ignore[valid-type]
ActionStateCode = Literal[tuple(ActionState.values)]  # type: ignore[valid-type]


class ContactIn(InputSchema):
    channel: ChannelCode
    direction: DirectionCode
    verification: VerificationCode = Field(
        description="How the caller knew who they spoke with; not_needed for written channels."
    )
    summary: str = Field(min_length=1, max_length=2000, description="What was said.")
    follow_up: str = Text
    occurred_at: AwareDatetime | None = Field(
        None, description="When, with its time zone; now if left out."
    )


class ContactOut(Schema):
    id: UUID
    case_id: UUID
    channel: str
    direction: str
    occurred_at: dt.datetime


class ActionOut(Schema):
    id: UUID
    what: str
    owner_kind: str
    owner_organisation: Ref | None
    owner_team: Ref | None
    for_this_team: bool
    due_on: dt.date
    state: ActionStateCode
    agreed_with_citizen: bool
    done_at: dt.datetime | None


class ActionStateIn(InputSchema):
    state: ActionStateCode


# Applications awaited and re-routing --------------------------------------------------------


class ApplicationIn(InputSchema):
    what: str = Field(min_length=1, max_length=200, description="What the citizen applied for.")
    filed_on: dt.date
    term_value: int | None = Field(
        None, ge=1, le=520, description="The decision term; the Awb's eight weeks if left out."
    )
    term_unit: Literal["days", "weeks"] = "weeks"


class DecisionIn(InputSchema):
    decided_on: dt.date
    outcome: str = Field("", max_length=300, description="The decision, in a few words.")


class ApplicationOut(Schema):
    id: UUID
    case_id: UUID
    organisation: Ref
    what: str
    filed_on: dt.date
    due_on: dt.date | None
    state: str
    decided_on: dt.date | None
    outcome: str


class RerouteIn(InputSchema):
    contact_point_id: UUID
    about: str | None = Field(
        None,
        max_length=32,
        description='What the messages are about: a data category, "team" or ""; '
        "left out: the declined handover's.",
    )
    starts_on: dt.date | None = Field(
        None,
        description="The day the new receiver's work may start (today up to a year ahead); "
        "left out: the declined handover's, when still ahead.",
    )
    question: str = Text
    why_this_organisation: str = Text
    asked: str = Text
    reason_without_contact: str = Field(
        "",
        max_length=1000,
        description=(
            "Only when the new team would see no way to reach the citizen: why the handover "
            "must go now (at least 20 characters; kept in the handover's history). Better: the "
            "citizen's consent to share their contact details with that team (decision 0039)."
        ),
    )


# Consent -----------------------------------------------------------------------------------


class ConsentOut(Schema):
    id: UUID
    state: str
    categories: list[str]
    items: list[str]
    purpose: str
    explicit_special: bool
    valid_from: dt.date
    valid_until: dt.date
    case_id: UUID | None


class HandoverConsent(Schema):
    handover_id: UUID
    shared: dict[str, str]
    consents: list[ConsentOut]


# Events ------------------------------------------------------------------------------------


class EventData(Schema):
    handover_id: UUID
    state: str
    direction: Literal["incoming", "outgoing"]


class ReferralEventData(Schema):
    referral_id: UUID
    kind: Literal["question", "arrears"]
    state: Literal[
        "taken_up", "closed", "handled", "help_accepted", "help_declined", "unreachable"
    ] = Field(
        description="As the sender may know it: an arrears signal's answer only with the "
        "person's consent, else handled."
    )


class EventOut(Schema):
    """A CloudEvents 1.0 event (JSON format) after the NL GOV profile: a thin payload and a
    ``dataref`` to read the rest through the API; no personal data in the attributes."""

    specversion: Literal["1.0"]
    id: UUID
    source: str
    type: str
    time: dt.datetime
    subject: str
    datacontenttype: Literal["application/json"]
    dataref: str
    data: EventData | ReferralEventData


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: str | None = Field(
        description="Pass as cursor next time; the same one back when nothing happened since."
    )


# The processing log ------------------------------------------------------------------------


class LogLineOut(Schema):
    logged_at: dt.datetime
    outcome: Literal["read", "refused"]
    activity: str
    object_type: str
    object_id: str
    categories: list[str]
    subjects: int
    reason: str
    trace_id: str


class LogPage(Schema):
    items: list[LogLineOut]
    next_cursor: str | None


# Webhooks -----------------------------------------------------------------------------------


class WebhookIn(InputSchema):
    url: str = Field(..., min_length=1, max_length=500, description="https address to POST to.")
    secret: str | None = Field(
        None,
        max_length=200,
        description="whsec_ + 24 to 64 random bytes in base64; made for you when left out.",
    )
    replay_from: AwareDatetime | None = Field(
        None, description="Push the team's events from this moment on (at most 30 days back)."
    )


class WebhookOut(Schema):
    id: UUID
    url: str
    created_at: dt.datetime
    active: bool


class WebhookCreated(WebhookOut):
    secret: str = Field(..., description="Shown once: verify each delivery's signature with it.")


class WebhookList(Schema):
    items: list[WebhookOut]


class DeliveryOut(Schema):
    id: UUID = Field(..., description="The webhook-id header of every attempt.")
    event_id: UUID
    event_type: str
    status: Literal["pending", "sending", "delivered", "failed"]
    attempts: int
    last_status_code: int | None
    last_error: str
    next_attempt_at: dt.datetime
    delivered_at: dt.datetime | None


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    next_cursor: str | None


# Referrals ----------------------------------------------------------------------------------


class PersonIn(InputSchema):
    bsn: str | None = Field(
        None, max_length=20, description="When known; else name, birth date, postal code."
    )
    given_names: str = Field("", max_length=200)
    surname_prefix: str = Field("", max_length=30)
    surname: str = Field(..., min_length=1, max_length=200)
    birth_date: dt.date | None = None
    street_and_number: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=7)
    city: str = Field("", max_length=100)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)


class ReferralIn(InputSchema):
    to_organisation: UUID = Field(..., description="The municipality (directory id).")
    person: PersonIn
    question: str = Field(..., min_length=1, max_length=2000, description="In their own words.")
    already_done: str = Text
    urgent: bool = False
    reach: str = Field("", max_length=300, description="How and when to reach the person.")


CreditorCode = Literal["landlord", "energy", "water", "health_insurer"]


class ArrearsIn(InputSchema):
    to_organisation: UUID = Field(..., description="The municipality (directory id).")
    person: PersonIn
    creditor: CreditorCode
    amount_euros: int = Field(..., ge=1, le=1_000_000, description="Arrears in whole euros.")
    months: int = Field(..., ge=1, le=120, description="Months in arrears.")
    already_done: str = Text
    reach: str = Field("", max_length=300)


class ReferralOut(Schema):
    id: UUID
    kind: Literal["question", "arrears"]
    state: Literal[
        "on_case",
        "taken_up",
        "closed",
        "outreach",
        "handled",
        "help_accepted",
        "help_declined",
        "unreachable",
    ] = Field(
        description="As the sender may know it: a question on the case, taken up or closed; "
        "an arrears signal's answer only with the person's consent to the sender, else handled."
    )
    to_organisation: Ref
    to_team: Ref
    next_step_due: dt.date
    created_at: dt.datetime
    answered_at: dt.datetime | None
