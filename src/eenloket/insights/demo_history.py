"""Invented, anonymous history for the demo, so its figures show something at k = 10.

The demo has a handful of citizens; every cell of their own would be suppressed (rightly). So
the demo adds this table of 24 invented past cases of the library desk (facts only, no persons
and no cases behind them, marked ``invented`` and announced on the figures page). The numbers
are chosen by hand, so a test can check every figure against them (docs/insights.md):

- case i (0..23) opened on day i of the previous quarter (+10 days), 09:00; first contact after
  (i mod 12) + 1 hours; closed 30 days later when i < 20, else open (next step 3 days overdue
  for 20 and 21, due in 5 days for 22 and 23);
- support at the start: intensive for i < 12, light for 12..17, self-reliant for 18..23; at the
  close: light for i < 10, self-reliant for 10..19;
- life events: job loss for all, debts for i < 10; needs: income for all (solved for i < 10,
  partly for 10..19), housing for i < 8;
- contacts: one at the desk each, one by phone for i < 12;
- a handover to the UWV direct line a day after opening: accepted after (i mod 10) + 1 hours
  and completed after (i mod 10) + 1 days when i < 20, declined (no capacity) after 2 hours for
  20..23; escalated for i < 10; and for i < 5 a handover to the SVB line, accepted after
  3 hours (too few persons: suppressed);
- an appointment at the desk 5 days after opening: kept for i < 12, missed for 12..23;
- the citizen's verdict: yes for i < 10, partly for 10..19.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from eenloket.insights.models import (
    AppointmentFact,
    CaseFact,
    ContactFact,
    HandoverFact,
    TopicFact,
)
from eenloket.insights.refs import person_ref, ref

TZ = ZoneInfo("Europe/Amsterdam")
PERSONS = 24
HOUR = 3600


def history_start(today: dt.date) -> dt.datetime:
    """09:00 on the 11th day of the quarter before the one ``today`` is in."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    quarter_start = dt.date(today.year, first_month, 1)
    previous = (quarter_start - dt.timedelta(days=1)).replace(day=1)
    previous = previous.replace(month=3 * ((previous.month - 1) // 3) + 1)
    return dt.datetime.combine(previous + dt.timedelta(days=10), dt.time(9), tzinfo=TZ)


def load(*, today: dt.date, desk_team, uwv_line, svb_line) -> int:
    """Insert the invented history (once); return the number of cases added."""
    if CaseFact.objects.filter(invented=True).exists():
        return 0
    start = history_start(today)
    organisation = desk_team.organisation
    municipality_id = organisation.municipality_id
    cases, topics, contacts, handovers, appointments = [], [], [], [], []
    for i in range(PERSONS):
        person = person_ref(f"invented-{i}")
        opened = start + dt.timedelta(days=i)
        first = opened + dt.timedelta(hours=i % 12 + 1)
        closed = i < 20
        case = CaseFact(
            case_ref=ref("case", f"invented-{i}"),
            person_ref=person,
            municipality_id=municipality_id,
            organisation=organisation,
            team=desk_team,
            opened_at=opened,
            first_contact_at=first,
            first_contact_seconds=(i % 12 + 1) * HOUR,
            status="closed" if closed else "open",
            next_step_due=None if closed else today + dt.timedelta(days=-3 if i in (20, 21) else 5),
            closed_at=opened + dt.timedelta(days=30) if closed else None,
            outcome="resolved" if closed else "",
            support_start="intensive" if i < 12 else ("light" if i < 18 else "self_reliant"),
            support_close=("light" if i < 10 else "self_reliant") if closed else "",
            verdict=("yes" if i < 10 else "partly") if closed else "",
            verdict_channel="desk" if closed else "",
            invented=True,
        )
        cases.append(case)
        topics.append(TopicFact(case=case, kind=TopicFact.LIFE_EVENT, key="job_loss"))
        if i < 10:
            topics.append(TopicFact(case=case, kind=TopicFact.LIFE_EVENT, key="debts"))
        income = ("solved" if i < 10 else "partly") if closed else ""
        topics.append(TopicFact(case=case, kind=TopicFact.NEED, key="income", outcome=income))
        if i < 8:
            topics.append(TopicFact(case=case, kind=TopicFact.NEED, key="housing"))
        contacts.append(
            ContactFact(case=case, channel="desk", direction="incoming", occurred_at=first)
        )
        if i < 12:
            contacts.append(
                ContactFact(
                    case=case,
                    channel="phone",
                    direction="outgoing",
                    occurred_at=first + dt.timedelta(days=2),
                )
            )
        sent = opened + dt.timedelta(days=1)
        accepted = i < 20
        answer_hours = i % 10 + 1 if accepted else 2
        handovers.append(
            HandoverFact(
                handover_ref=ref("handover", f"invented-{i}-uwv"),
                case=case,
                person_ref=person,
                municipality_id=municipality_id,
                from_organisation=organisation,
                from_team=desk_team,
                to_organisation=uwv_line.team.organisation,
                to_team=uwv_line.team,
                contact_point=uwv_line,
                sent_at=sent,
                answer="accepted" if accepted else "declined",
                answered_at=sent + dt.timedelta(hours=answer_hours),
                answer_seconds=answer_hours * HOUR,
                completed_at=sent + dt.timedelta(days=i % 10 + 1) if accepted else None,
                complete_seconds=(i % 10 + 1) * 24 * HOUR if accepted else None,
                state="completed" if accepted else "declined",
                decline_reason="" if accepted else "no_capacity",
                outcome="helped" if accepted else "",
                escalated=i < 10,
                invented=True,
            )
        )
        if i < 5:
            handovers.append(
                HandoverFact(
                    handover_ref=ref("handover", f"invented-{i}-svb"),
                    case=case,
                    person_ref=person,
                    municipality_id=municipality_id,
                    from_organisation=organisation,
                    from_team=desk_team,
                    to_organisation=svb_line.team.organisation,
                    to_team=svb_line.team,
                    contact_point=svb_line,
                    sent_at=sent,
                    answer="accepted",
                    answered_at=sent + dt.timedelta(hours=3),
                    answer_seconds=3 * HOUR,
                    state="accepted",
                    invented=True,
                )
            )
        appointments.append(
            AppointmentFact(
                appointment_ref=ref("appointment", f"invented-{i}"),
                case=case,
                person_ref=person,
                municipality_id=municipality_id,
                organisation=organisation,
                starts_at=opened + dt.timedelta(days=5, hours=1),
                state=AppointmentFact.KEPT if i < 12 else AppointmentFact.MISSED,
                invented=True,
            )
        )
    CaseFact.objects.bulk_create(cases)
    TopicFact.objects.bulk_create(topics)
    ContactFact.objects.bulk_create(contacts)
    HandoverFact.objects.bulk_create(handovers)
    AppointmentFact.objects.bulk_create(appointments)
    return len(cases)
