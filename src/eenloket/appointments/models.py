"""Appointments at a desk and call-back requests (#11, docs/appointments.md).

A physical location takes appointments once it has an ``AppointmentSetting``: the length of a
slot and how many citizens the desk can see at once (its capacity). Slots are not stored: they
are cut from the location's opening hours (directory ``Schedule``) when asked for. A booking
holds one *seat* of a slot; the database refuses a second booking of the same seat, which is
what makes double booking impossible (docs/decisions/0028).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class AppointmentSetting(BaseModel):
    """How a desk takes appointments: slot length, capacity, how far ahead."""

    location = models.OneToOneField(
        "directory.Location", on_delete=models.CASCADE, related_name="appointment_setting"
    )
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per appointment"), default=30)
    capacity = models.PositiveSmallIntegerField(
        _("citizens seen at the same time"),
        default=1,
        help_text=_("The number of desks or workers free for appointments at once."),
    )
    horizon_days = models.PositiveSmallIntegerField(_("days ahead that can be booked"), default=28)
    active = models.BooleanField(_("takes appointments"), default=True)
    # Days this desk is closed besides the recognised holidays (a training day, a move),
    # as ISO dates: no slots are offered on them. Bookings already made are not cancelled.
    closing_days = models.JSONField(_("closing days"), default=list, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5) & Q(slot_minutes__lte=240),
                name="appointment_setting_slot_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=50),
                name="appointment_setting_capacity_range",
            ),
            models.CheckConstraint(
                condition=Q(horizon_days__gte=1) & Q(horizon_days__lte=366),
                name="appointment_setting_horizon_range",
            ),
        ]

    def __str__(self):
        return f"{self.location}: {self.slot_minutes} min x {self.capacity}"


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    KEPT = "kept", _("Came")
    MISSED = "missed", _("Did not come")


class Appointment(BaseModel):
    """A citizen's appointment at a desk: one seat of one slot."""

    location = models.ForeignKey(
        "directory.Location", on_delete=models.PROTECT, related_name="appointments"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # Which of the slot's ``capacity`` seats this booking holds (0-based).
    seat = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(
        max_length=16, choices=AppointmentState.choices, default=AppointmentState.BOOKED
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Whether the citizen came, written down by the desk after the start (for the figures).
    attendance = models.CharField(max_length=8, choices=Attendance.choices, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["location", "starts_at"], name="appointment_slot_idx")]
        constraints = [
            # No double booking: one booked appointment per seat of a slot. A cancelled one
            # leaves the index, which frees its seat.
            models.UniqueConstraint(
                fields=["location", "starts_at", "seat"],
                condition=Q(state="booked"),
                name="appointment_one_booking_per_seat",
            ),
            # A citizen holds one appointment starting at a given moment (overlaps of other
            # lengths are refused by the service).
            models.UniqueConstraint(
                fields=["person", "starts_at"],
                condition=Q(state="booked"),
                name="appointment_one_per_person_at_a_time",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="appointment_starts_before_end"
            ),
            models.CheckConstraint(
                condition=(Q(state="booked") & Q(cancelled_at__isnull=True))
                | (Q(state="cancelled") & Q(cancelled_at__isnull=False)),
                name="appointment_cancelled_at_iff_cancelled",
            ),
        ]

    def __str__(self):
        return f"{self.location} {self.starts_at:%Y-%m-%d %H:%M} #{self.seat}"


class PartOfDay(models.TextChoices):
    MORNING = "morning", _("In the morning (9:00 to 12:00)")
    AFTERNOON = "afternoon", _("In the afternoon (13:00 to 17:00)")
    ANY = "any", _("Any time")


class CallbackState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Called back")


class CallbackRequest(BaseModel):
    """A citizen asks to be called back about one of their questions."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="callbacks")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    phone = models.CharField(_("phone number"), max_length=20)
    part_of_day = models.CharField(_("when"), max_length=16, choices=PartOfDay.choices)
    note = models.TextField(_("what it is about"), blank=True)
    due_on = models.DateField(_("call back by"))
    state = models.CharField(
        max_length=8, choices=CallbackState.choices, default=CallbackState.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True)
    contact = models.OneToOneField(
        "cases.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(state="open"), name="callback_one_open_per_case"
            ),
            models.CheckConstraint(
                condition=(Q(state="open") & Q(done_at__isnull=True))
                | (Q(state="done") & Q(done_at__isnull=False)),
                name="callback_done_at_iff_done",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} {self.phone} {self.part_of_day}"
