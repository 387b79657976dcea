"""Opening hours and closing days as typed on the set-up screens."""

import datetime as dt

import pytest
from django.utils import translation

from eenloket.directory.models import Schedule
from eenloket.setup import hours


@pytest.mark.parametrize(
    ("typed", "rows"),
    [
        ("ma-vr 09:00-17:00", [("MO,TU,WE,TH,FR", "09:00", "17:00")]),
        ("di,do 13:00-16:30", [("TU,TH", "13:00", "16:30")]),
        ("MO,TU 9.00-12.00", [("MO,TU", "09:00", "12:00")]),
        (
            "za 10:00 - 12:00\n\nzo 11:00-12:00",
            [("SA", "10:00", "12:00"), ("SU", "11:00", "12:00")],
        ),
        ("ma-wo,vr 08:30-12:00", [("MO,TU,WE,FR", "08:30", "12:00")]),
        ("", []),
    ],
)
def test_hours_are_read(typed, rows):
    parsed = hours.parse_hours(typed)
    assert [(r["byday"], r["opens_at"], r["closes_at"]) for r in parsed] == rows


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("maandag 09:00-17:00", "Line 1: write days and times"),
        ("vr-ma 09:00-17:00", "Line 1: write days and times"),
        ("ma,,di 09:00-17:00", "Line 1: write days and times"),
        ("ma-di-wo 09:00-17:00", "Line 1: write days and times"),
        ("ma 09:00", "Line 1: write days and times"),
        ("ma 09:00-17:00\ndi 25:00-26:00", "Line 2: a time runs from 00:00 to 23:59."),
        ("ma 12:00-09:00", "Line 1: the opening time must be before the closing time."),
    ],
)
def test_bad_hours_name_their_line(typed, message):
    with translation.override("en"), pytest.raises(hours.LinesError) as refused:
        hours.parse_hours(typed)
    assert refused.value.messages[0].startswith(message)


def test_every_bad_line_is_named_at_once():
    with translation.override("en"), pytest.raises(hours.LinesError) as refused:
        hours.parse_hours("ma 9-17\ndi 09:00-17:00\nwo 18:00-08:00")
    assert [m.split(":")[0] for m in refused.value.messages] == ["Line 1", "Line 3"]


def test_hours_are_written_back_the_way_they_are_read():
    rows = [
        Schedule(byday="MO,TU,WE,TH,FR", opens_at=dt.time(9), closes_at=dt.time(17)),
        Schedule(byday="TU,TH", opens_at=dt.time(13), closes_at=dt.time(16, 30)),
        Schedule(byday="MO,TU", opens_at=dt.time(8), closes_at=dt.time(9)),
    ]
    text = hours.hours_text(rows)
    assert text == "ma-vr 09:00-17:00\ndi,do 13:00-16:30\nma,di 08:00-09:00"
    assert [r["byday"] for r in hours.parse_hours(text)] == ["MO,TU,WE,TH,FR", "TU,TH", "MO,TU"]


def test_closing_days_are_read_sorted_without_doubles_and_written_back():
    days = hours.parse_days("06-05-2027 teamdag\n2027-04-27\n\n27-04-2027")
    assert days == [dt.date(2027, 4, 27), dt.date(2027, 5, 6)]
    assert hours.days_text(["2027-04-27", "not a date", "2027-05-06"]) == "27-04-2027\n06-05-2027"


def test_a_bad_closing_day_names_its_line():
    with translation.override("en"), pytest.raises(hours.LinesError) as refused:
        hours.parse_days("27-04-2027\n30-02-2027\nmorgen")
    assert [m.split(":")[0] for m in refused.value.messages] == ["Line 2", "Line 3"]
