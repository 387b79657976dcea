"""The directory through /api/v1/ (direct lines only with the scope) and the client's own
reads from the processing log."""

import pytest

from eenloket.core.actor import Actor
from eenloket.directory import services as directory
from eenloket.directory.models import LineVisibility

pytestmark = pytest.mark.django_db


def test_organisations_are_listed_and_paged(partner_world):
    first = partner_world.mitros_api.get("/api/v1/directory/organisations?limit=1").json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    rest = partner_world.mitros_api.get(
        f"/api/v1/directory/organisations?limit=100&cursor={first['next_cursor']}"
    ).json()
    names = {o["name"] for o in first["items"] + rest["items"]}
    assert {"UWV (api)", "Mitros (api)"} <= names
    found = partner_world.mitros_api.get("/api/v1/directory/organisations?q=uwv").json()
    assert [o["name"] for o in found["items"]] == ["UWV (api)"]


def test_direct_lines_only_for_a_client_with_the_scope(partner_world):
    url = f"/api/v1/directory/organisations/{partner_world.uwv.pk}"
    with_scope = partner_world.uwv_api.get(url).json()
    assert [p["name"] for p in with_scope["contact_points"]] == ["WW"]
    assert with_scope["contact_points"][0]["phone"] == "030 000 00 41"
    without = partner_world.mitros_api.get(url).json()
    assert without["contact_points"] is None
    assert "030 000 00 41" not in str(without)
    lines = partner_world.uwv_api.get(
        f"/api/v1/directory/contact-points?organisation_id={partner_world.mitros.pk}"
    ).json()
    assert [p["name"] for p in lines["items"]] == ["Huur"]
    refused = partner_world.mitros_api.get("/api/v1/directory/contact-points")
    assert refused.status_code == 403
    assert "directory.direct_lines.read" in refused.json()["detail"]


def test_an_unknown_organisation_is_not_found(partner_world):
    response = partner_world.uwv_api.get(
        "/api/v1/directory/organisations/00000000-0000-0000-0000-000000000001"
    )
    assert response.status_code == 404


def test_the_client_reads_its_own_reads_and_refusals_only(partner_world):
    handover = partner_world.handover()
    partner_world.uwv_api.get(f"/api/v1/handovers/{handover.pk}")
    partner_world.mitros_api.get(f"/api/v1/handovers/{handover.pk}")
    own = partner_world.uwv_api.get("/api/v1/processing-log/own-reads").json()["items"]
    assert own[0]["activity"] == "case-view" and own[0]["object_id"] == str(handover.case_id)
    assert own[0]["outcome"] == "read" and own[0]["subjects"] == 1
    assert "pseudonym" not in str(own) and handover.case.person.surname not in str(own)
    other = partner_world.mitros_api.get("/api/v1/processing-log/own-reads").json()["items"]
    assert all(line["object_id"] != str(handover.case_id) for line in other)


def test_the_own_reads_page_with_a_cursor(partner_world):
    handover = partner_world.handover()
    for _ in range(3):
        partner_world.uwv_api.get(f"/api/v1/handovers/{handover.pk}")
    first = partner_world.uwv_api.get("/api/v1/processing-log/own-reads?limit=2").json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = partner_world.uwv_api.get(
        f"/api/v1/processing-log/own-reads?limit=2&cursor={first['next_cursor']}"
    ).json()
    assert second["items"] and second["items"][0]["logged_at"] <= first["items"][-1]["logged_at"]
    bad = partner_world.uwv_api.get("/api/v1/processing-log/own-reads?cursor=yesterday")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


def test_a_client_cannot_suggest_a_line_its_team_may_not_see(partner_world):
    """Decision 0053: a line kept within Mitros does not exist for UWV's system."""
    directory.contact_point_set_visibility(
        contact_point=partner_world.mitros_line,
        visibility=LineVisibility.ORGANISATIONS,
        actor=Actor.system("test"),
    )
    handover = partner_world.handover()
    response = partner_world.uwv_api.post(
        f"/api/v1/handovers/{handover.pk}/decline",
        {
            "reason_code": "not_our_task",
            "suggested_contact_point_id": str(partner_world.mitros_line.pk),
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "suggested_contact_point_id"
    lines = partner_world.uwv_api.get(
        f"/api/v1/directory/contact-points?organisation_id={partner_world.mitros.pk}"
    ).json()
    assert lines["items"] == []
