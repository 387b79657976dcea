"""Book or cancel an appointment at a desk, and ask to be called back (#11,
docs/appointments.md). Plain forms and links: choose a desk, then a day, then a time."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.access import appointments as appointment_access
from eenloket.access import citizens
from eenloket.appointments import selectors as appointment_selectors
from eenloket.appointments import services as appointment_services
from eenloket.appointments.models import PartOfDay
from eenloket.appointments.slots import TZ
from eenloket.cases import citizen_texts
from eenloket.core import clock
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.http import posted
from eenloket.portal import session


def _question_choices(cases, *, empty_label):
    return [("", empty_label)] + [
        (str(c.pk), citizen_texts.title(c)) for c in cases if c.status != "closed"
    ]


class SlotForm(forms.Form):
    slot = forms.ChoiceField(
        label=gettext_lazy("Time"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose a time."),
            "invalid_choice": gettext_lazy(
                "This time is not on the list. Choose one of the times on the list."
            ),
        },
    )
    case = forms.ChoiceField(label=gettext_lazy("About"), required=False)

    def __init__(self, *args, slots=(), cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [
            (s.key, s.starts_at.strftime("%H:%M") + " - " + s.ends_at.strftime("%H:%M"))
            for s in slots
        ]
        self.fields["case"].choices = _question_choices(
            cases, empty_label=gettext_lazy("Not about one of my questions")
        )


def _describe_errors(form) -> None:
    """Tie each field's error message to its input (WCAG 3.3.1)."""
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["aria-describedby"] = f"{form[name].auto_id}_error"
            form.fields[name].widget.attrs["aria-invalid"] = "true"


def _parse_day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _parse_slot(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M").replace(tzinfo=TZ)
    except (TypeError, ValueError):
        return None


@session.citizen_required
def appointment(request):
    """Choose a desk, then a day, then a time; book it. Every step is a plain link or form."""
    own = citizens.citizen_cases(request.citizen)
    params = request.POST if request.method == "POST" else request.GET
    location_id = params.get("locatie", "")
    if not location_id:
        locations = appointment_selectors.bookable_locations()
        for location in locations:
            location.address = appointment_selectors.address_of(location)
        return render(
            request, "portal/appointment.html", {"step": "location", "locations": locations}
        )
    location = appointment_selectors.bookable_location(location_id)
    if location is None:
        raise Http404(_("This desk was not found, or it does not take appointments."))
    location.address = appointment_selectors.address_of(location)
    context = {"location": location}
    day_value = params.get("dag", "")
    if not day_value:
        return render(
            request,
            "portal/appointment.html",
            {
                **context,
                "step": "day",
                "days": appointment_selectors.days_with_free_slots(location),
            },
        )
    day = _parse_day(day_value)
    every_slot = appointment_selectors.slots(location, day=day) if day else []
    slots = [s for s in every_slot if s.free]
    if not slots:
        if day is None:
            error = _("This is not a date. Choose a day from the list.")
        elif day <= clock.now().astimezone(TZ).date():
            error = _("This day has passed or is today. Choose a day from the list.")
        else:
            error = _("There are no free times on this day. Choose a day from the list.")
        return render(
            request,
            "portal/appointment.html",
            {
                **context,
                "step": "day",
                "days": appointment_selectors.days_with_free_slots(location),
                "day_error": error,
            },
            status=400,
        )
    form = SlotForm(posted(request), slots=slots, cases=own)
    if request.method == "POST" and form.is_valid():
        chosen = next((c for c in own if str(c.pk) == form.cleaned_data["case"]), None)
        try:
            booked = appointment_services.appointment_book(
                location=location,
                starts_at=_parse_slot(form.cleaned_data["slot"]),
                own_cases=own,
                case=chosen,
                actor=request.citizen,
            )
        except DomainError as error:
            form.add_error("case" if error.field == "case" else "slot", error.message)
        else:
            messages.success(
                request,
                _("Your appointment is made: %(when)s at %(place)s. We have sent you a message.")
                % {
                    "when": appointment_services.when_text(booked.starts_at),
                    "place": location.name,
                },
            )
            return redirect("portal:overview")
    elif request.method == "POST" and request.POST.get("slot") in {
        s.key for s in every_slot if not s.free
    }:
        # It was on the list when the citizen opened the page; someone took the last seat.
        form.errors["slot"] = form.error_class([_("This time is full. Choose another time.")])
    _describe_errors(form)
    return render(
        request,
        "portal/appointment.html",
        {
            **context,
            "step": "slot",
            "day": day,
            "day_text": formats.date_format(day, "l j F Y"),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@session.citizen_required
def appointment_cancel(request, appointment_id):
    """Ask whether to cancel (GET), cancel (POST). Someone else's appointment is not found."""
    try:
        found = appointment_access.citizen_appointment(request.citizen, appointment_id)
    except NotFoundOrForbidden:
        raise Http404(_("This appointment was not found.")) from None
    if found.state != "booked":
        raise Http404(_("This appointment was not found."))
    error = ""
    if request.method == "POST":
        try:
            appointment_services.appointment_cancel(appointment=found, actor=request.citizen)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, _("Your appointment is cancelled. The time is free again."))
            return redirect("portal:overview")
    return render(
        request,
        "portal/appointment_cancel.html",
        {
            "appointment": found,
            "when": appointment_services.when_text(found.starts_at),
            "error": error,
        },
        status=400 if error else 200,
    )


class CallbackForm(forms.Form):
    case = forms.ChoiceField(label=gettext_lazy("About"), required=False)
    phone = forms.CharField(
        label=gettext_lazy("Your phone number"),
        max_length=30,
        error_messages={"required": gettext_lazy("Give the phone number we can call you on.")},
    )
    part_of_day = forms.ChoiceField(
        label=gettext_lazy("When may we call you?"),
        choices=PartOfDay.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose when we may call you.")},
    )
    note = forms.CharField(
        label=gettext_lazy("What is it about? (you may leave this empty)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = _question_choices(
            cases, empty_label=gettext_lazy("Something else")
        )


@session.citizen_required
def callback(request):
    """Ask to be called back, about one of your questions or something else."""
    own = citizens.citizen_cases(request.citizen)
    person = citizens.citizen_person(request.citizen)
    form = CallbackForm(
        posted(request),
        cases=own,
        initial={"phone": person.phone, "part_of_day": PartOfDay.ANY},
    )
    if request.method == "POST" and form.is_valid():
        chosen = next((c for c in own if str(c.pk) == form.cleaned_data["case"]), None)
        try:
            asked = appointment_services.callback_request(
                own_cases=own,
                case=chosen,
                phone=form.cleaned_data["phone"],
                part_of_day=form.cleaned_data["part_of_day"],
                note=form.cleaned_data["note"],
                actor=request.citizen,
            )
        except DomainError as error:
            field = error.field if error.field in form.fields else "phone"
            form.add_error(field, error.message)
        else:
            messages.success(
                request,
                _("We will call you back by %(due)s.")
                % {"due": formats.date_format(asked.due_on, "l j F")},
            )
            return redirect("portal:case", asked.case_id)
    _describe_errors(form)
    return render(
        request,
        "portal/callback.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
