"""A NUL character (U+0000) anywhere a partner sends text is refused by its field (422), on
every database: PostgreSQL text cannot hold one, so it used to end as a 500 once the checks had
passed (found by schemathesis on PostgreSQL; api/v1/schemas.py ``without_nul``)."""

from eenloket.api.tests.test_handovers import one, post
from eenloket.handovers.models import Handover


def test_text_with_a_nul_in_a_handover_answer_is_refused_by_its_field(partner_world):
    handover = partner_world.handover()
    api = partner_world.uwv_api
    refused = post(api, one(handover.pk, "accept"), {"reference": "WW\x00-1"})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["reference"]
    assert "U+0000" in refused.json()["errors"][0]["message"]
    assert post(api, one(handover.pk, "accept"), {"reference": "WW-1"}).status_code == 200
    held = post(api, one(handover.pk, "progress"), {"status": "on_hold", "reason_text": "a\x00"})
    assert held.status_code == 422
    assert [e["field"] for e in held.json()["errors"]] == ["reason_text"]
    assert Handover.objects.get(pk=handover.pk).state == "accepted"


def test_a_nul_in_a_search_parameter_is_refused_not_searched(partner_world, client):
    listed = partner_world.uwv_api.get("/api/v1/directory/organisations?q=UWV%00")
    assert listed.status_code == 422
    assert [e["field"] for e in listed.json()["errors"]] == ["q"]
    public = client.get("/api/v1/hsds/services?search=%00")
    assert public.status_code == 422
    assert [e["field"] for e in public.json()["errors"]] == ["search"]
