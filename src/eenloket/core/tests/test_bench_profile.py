"""``eenloket bench --profile``: the wrapped application answers as the production one and logs
each request's time, connection set-up and queries by place and shape."""

import io
import json

import pytest

from eenloket import benchmarking_profile as profile


def test_a_query_shape_has_no_values():
    sql = "SELECT * FROM t WHERE a = 12 AND b = 'it''s' AND c = $3 LIMIT 10"
    assert profile.shape(sql) == "SELECT * FROM t WHERE a = ? AND b = ? AND c = ? LIMIT ?"


@pytest.mark.django_db
def test_the_wrapped_application_serves_and_logs_each_request(tmp_path, monkeypatch, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    monkeypatch.setattr(profile, "DIRECTORY", str(tmp_path))
    answered = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/werk/inloggen/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    for _ in range(2):
        body = profile.application(environ, lambda status, headers: answered.append(status))
        assert b"<html" in body[0].lower()
    assert answered == ["200 OK", "200 OK"]
    result = profile.summary(str(tmp_path), path_prefix="/werk/inloggen/")
    assert result["requests"] == 2 and result["ms"] > 0
    rows = [json.loads(line) for f in tmp_path.glob("*.jsonl") for line in f.open()]
    # Each query is logged once, by its place in the request; SQL is part of the request.
    assert all(r["queries"] == len(r["by_query"]) and r["sql_ms"] <= r["ms"] for r in rows)
    assert profile.summary(str(tmp_path), path_prefix="/nergens/") == {"requests": 0}
