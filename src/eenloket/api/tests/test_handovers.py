"""The handovers of the client's team through /api/v1/: the list (paged, a fixed number of
queries), one handover, the answers (accept, decline, progress, complete, fail), consent,
and that a token of one organisation never sees another's handovers."""

import pytest

from eenloket.api.tests.conftest import SYSTEM
from eenloket.audit.models import AuditEntry, ProcessingLogEntry
from eenloket.cases.models import CaseTeam
from eenloket.handovers.models import Handover
from eenloket.handovers.states import State

pytestmark = pytest.mark.django_db
LIST = "/api/v1/handovers"


def one(handover_id, action=""):
    return f"/api/v1/handovers/{handover_id}" + (f"/{action}" if action else "")


def post(api, url, data=None, **headers):
    return api.post(url, data or {}, content_type="application/json", **headers)


def test_the_receiving_team_lists_and_reads_its_handover(partner_world):
    handover = partner_world.handover()
    page = partner_world.uwv_api.get(LIST).json()
    assert [item["id"] for item in page["items"]] == [str(handover.pk)]
    item = page["items"][0]
    assert item["state"] == "sent" and item["person"]["name"] == handover.case.person.full_name
    assert item["to_organisation"]["name"] == "UWV (api)"
    response = partner_world.uwv_api.get(one(handover.pk))
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    detail = response.json()
    assert detail["question"] == "Kunnen jullie helpen met de WW?"
    assert detail["shared"]["income"].startswith("consent:")
    assert [e["target"] for e in detail["history"]] == ["draft", "sent"]


def test_every_read_is_in_the_processing_log_with_the_clients_organisation(partner_world):
    handover = partner_world.handover()
    before = ProcessingLogEntry.objects.count()
    partner_world.uwv_api.get(one(handover.pk))
    assert ProcessingLogEntry.objects.count() == before + 1
    entry = AuditEntry.objects.filter(action="read:case-view").latest("logged_at")
    assert entry.organisation_id == str(partner_world.uwv.pk)
    assert entry.via == "api"
    assert entry.user_id == str(partner_world.uwv_client.user_id)


def test_a_token_of_another_organisation_never_sees_the_handover(partner_world):
    handover = partner_world.handover()
    assert partner_world.mitros_api.get(LIST).json()["items"] == []
    assert partner_world.mitros_api.get(LIST + "?direction=outgoing").json()["items"] == []
    for url in (one(handover.pk), one(handover.pk, "consent")):
        response = partner_world.mitros_api.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
    for action, body in (
        ("accept", {}),
        ("decline", {"reason_code": "not_our_task"}),
        ("progress", {"status": "in_progress"}),
        ("complete", {"outcome": "helped"}),
        ("fail", {"reason_code": "no_capacity"}),
    ):
        assert post(partner_world.mitros_api, one(handover.pk, action), body).status_code == 404
    assert Handover.objects.get(pk=handover.pk).state == State.SENT


def test_the_receiver_accepts_works_and_completes(partner_world):
    handover = partner_world.handover()
    api = partner_world.uwv_api
    accepted = post(api, one(handover.pk, "accept"), {"reference": "WW-2026-001"})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == "accepted"
    assert accepted.json()["receiver_reference"] == "WW-2026-001"
    again = post(api, one(handover.pk, "accept"))
    assert again.status_code == 409
    assert "already accepted" in again.json()["detail"]
    assert post(api, one(handover.pk, "progress"), {"status": "in_progress"}).status_code == 200
    held = post(api, one(handover.pk, "progress"), {"status": "on_hold"})
    assert held.status_code == 422
    assert held.json()["errors"] == [{"field": "reason_text", "message": "Give the reason."}]
    assert (
        post(
            api,
            one(handover.pk, "progress"),
            {"status": "on_hold", "reason_text": "Wacht op loonstrook"},
        ).status_code
        == 200
    )
    post(api, one(handover.pk, "progress"), {"status": "in_progress"})
    no_date = post(api, one(handover.pk, "complete"), {"outcome": "decision_taken"})
    assert no_date.status_code == 422
    assert no_date.json()["errors"][0]["field"] == "decision_on"
    done = post(api, one(handover.pk, "complete"), {"outcome": "helped"})
    assert done.status_code == 200 and done.json()["state"] == "completed"
    # The team's access ended with its last open handover: the case is no longer theirs.
    assert not CaseTeam.objects.filter(
        case=handover.case, team=partner_world.uwv_team, ended_at__isnull=True
    ).exists()
    assert api.get(one(handover.pk)).status_code == 404
    moves = AuditEntry.objects.filter(action="handover_transition", via="api")
    assert moves.count() == 5


def test_a_decline_needs_a_coded_reason_and_returns_to_the_sender(partner_world):
    handover = partner_world.handover()
    api = partner_world.uwv_api
    bad = post(api, one(handover.pk, "decline"), {"reason_code": "bored"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "reason_code"
    other = post(api, one(handover.pk, "decline"), {"reason_code": "other"})
    assert other.json()["errors"] == [
        {"field": "reason_text", "message": "Explain in a few words."}
    ]
    unknown_line = post(
        api,
        one(handover.pk, "decline"),
        {
            "reason_code": "not_our_task",
            "suggested_contact_point_id": "00000000-0000-0000-0000-000000000001",
        },
    )
    assert unknown_line.json()["errors"][0]["field"] == "suggested_contact_point_id"
    declined = post(
        api,
        one(handover.pk, "decline"),
        {
            "reason_code": "not_our_task",
            "suggested_contact_point_id": str(partner_world.mitros_line.pk),
        },
    )
    assert declined.status_code == 200 and declined.json()["state"] == "declined"
    handover = Handover.objects.get(pk=handover.pk)
    assert handover.suggested_contact_point == partner_world.mitros_line
    assert "came back" in handover.case.next_step or handover.case.next_step.startswith("Handover")


def test_a_failure_is_coded_too(partner_world):
    handover = partner_world.handover()
    api = partner_world.uwv_api
    post(api, one(handover.pk, "accept"))
    post(api, one(handover.pk, "progress"), {"status": "in_progress"})
    failed = post(api, one(handover.pk, "fail"), {"reason_code": "could_not_reach"})
    assert failed.status_code == 200 and failed.json()["state"] == "failed"


def test_the_sender_cannot_answer_its_own_handover(partner_world):
    from eenloket.api import services as api_services
    from eenloket.api.tests.conftest import bearer

    _client, token = api_services.client_create(
        name="Gemeente zaaksysteem",
        team=partner_world.desk.team,
        scopes=["handovers.read", "handovers.write"],
        actor=SYSTEM,
    )
    handover = partner_world.handover()
    desk_api = bearer(token)
    outgoing = desk_api.get(LIST + "?direction=outgoing").json()["items"]
    assert [item["id"] for item in outgoing] == [str(handover.pk)]
    response = post(desk_api, one(handover.pk, "accept"))
    assert response.status_code == 403
    assert response.json()["type"] == "urn:eenloket:problem:forbidden.side"


def test_a_stale_if_match_gets_412_and_changes_nothing(partner_world):
    handover = partner_world.handover()
    api = partner_world.uwv_api
    etag = api.get(one(handover.pk))["ETag"]
    assert post(api, one(handover.pk, "accept"), HTTP_IF_MATCH=etag).status_code == 200
    stale = post(api, one(handover.pk, "progress"), {"status": "in_progress"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Handover.objects.get(pk=handover.pk).state == State.ACCEPTED


def test_a_missing_scope_is_403_with_the_scope_named(partner_world):
    from eenloket.api import services as api_services
    from eenloket.api.tests.conftest import bearer

    _client, token = api_services.client_create(
        name="Alleen lezen", team=partner_world.uwv_team, scopes=["handovers.read"], actor=SYSTEM
    )
    handover = partner_world.handover()
    response = post(bearer(token), one(handover.pk, "accept"))
    assert response.status_code == 403
    assert "handovers.write" in response.json()["detail"]
    assert Handover.objects.get(pk=handover.pk).state == State.SENT


def test_consent_shows_what_the_organisation_relies_on(partner_world):
    handover = partner_world.handover()
    body = partner_world.uwv_api.get(one(handover.pk, "consent")).json()
    assert body["handover_id"] == str(handover.pk)
    [consent] = body["consents"]
    assert consent["categories"] == ["contact", "income"] and consent["state"] == "given"
    assert body["shared"]["income"] == f"consent:{consent['id']}"
    assert body["shared"]["contact"] == f"consent:{consent['id']}"


def test_the_list_pages_with_a_cursor_and_filters_by_state(partner_world):
    made = [partner_world.handover() for _ in range(3)]
    first = partner_world.uwv_api.get(LIST + "?limit=2").json()
    assert [i["id"] for i in first["items"]] == [str(made[2].pk), str(made[1].pk)]
    second = partner_world.uwv_api.get(LIST + f"?limit=2&cursor={first['next_cursor']}").json()
    assert [i["id"] for i in second["items"]] == [str(made[0].pk)]
    assert second["next_cursor"] is None
    post(partner_world.uwv_api, one(made[0].pk, "accept"))
    accepted = partner_world.uwv_api.get(LIST + "?state=accepted").json()["items"]
    assert [i["id"] for i in accepted] == [str(made[0].pk)]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("cursor=xyz", "cursor"),
        ("direction=up", "direction"),
        ("state=lost", "state.0"),
    ],
)
def test_bad_list_input_gets_a_specific_422(partner_world, query, field):
    response = partner_world.uwv_api.get(f"{LIST}?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_bad_json_gets_400_and_a_bad_id_422(partner_world):
    handover = partner_world.handover()
    response = partner_world.uwv_api.post(
        one(handover.pk, "decline"), "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["type"] == "urn:eenloket:problem:bad_request"
    assert partner_world.uwv_api.get(one("not-a-uuid")).status_code == 422


def test_errors_are_in_the_callers_language(partner_world):
    from django.test import Client

    dutch = Client(
        HTTP_AUTHORIZATION=f"Bearer {partner_world.uwv_token}", HTTP_ACCEPT_LANGUAGE="nl"
    )
    response = dutch.get(one("00000000-0000-0000-0000-000000000001"))
    assert response.status_code == 404
    assert response.json()["detail"] != "This item does not exist or you have no access to it."


def test_the_list_runs_a_fixed_number_of_queries(partner_world, django_assert_num_queries):
    partner_world.handover()
    partner_world.uwv_api.get(LIST)  # the token's last use is noted once a minute at most

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert partner_world.uwv_api.get(LIST).status_code == 200
        return len(queries)

    # The token, the page (with case, person, teams and organisations joined), and the log:
    # one processing-log batch and its audit entry, each a lock, a chain head, an insert and
    # the head's update; the rate limit's count for the client (api/rate.py).
    from django.db import connection

    pinned = {"sqlite": 11, "postgresql": 11}[connection.vendor]
    few = count()
    assert few == pinned
    for _ in range(5):
        partner_world.handover()
    assert count() == few
    with django_assert_num_queries(pinned):
        partner_world.uwv_api.get(LIST)


def test_an_incoming_traceparent_continues_the_trace_in_the_log(partner_world):
    handover = partner_world.handover()
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    response = partner_world.uwv_api.get(
        one(handover.pk), HTTP_TRACEPARENT=f"00-{trace_id}-00f067aa0ba902b7-01"
    )
    assert response.status_code == 200
    assert response["traceresponse"].startswith(f"00-{trace_id}-")
    assert ProcessingLogEntry.objects.filter(trace_id=trace_id, activity_key="case-view").exists()
