"""Every HTML page carries the headers that keep scripts, frames and caches in check."""

import re

import pytest

LOGIN_URL = "/werk/inloggen/"


@pytest.fixture
def login_page(client, db):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response


def csp_directives(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_csp_allows_only_own_scripts(login_page):
    directives = csp_directives(login_page)

    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


def test_csp_has_no_unsafe_inline_or_eval_anywhere(login_page):
    policy = login_page["Content-Security-Policy"]

    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "*" not in policy


def test_csp_forbids_framing(login_page):
    assert csp_directives(login_page)["frame-ancestors"] == ["'none'"]


def test_csp_keeps_forms_and_base_on_own_origin(login_page):
    directives = csp_directives(login_page)

    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'none'"]


def test_x_frame_options_is_deny(login_page):
    assert login_page["X-Frame-Options"] == "DENY"


def test_referrer_policy_is_same_origin(login_page):
    assert login_page["Referrer-Policy"] == "same-origin"


def test_content_type_sniffing_is_off(login_page):
    assert login_page["X-Content-Type-Options"] == "nosniff"


def test_html_page_is_not_stored_in_caches(login_page):
    assert "no-store" in login_page["Cache-Control"]


def test_permissions_policy_switches_off_camera_and_microphone(login_page):
    policy = login_page["Permissions-Policy"]

    assert "camera=()" in policy
    assert "microphone=()" in policy


def test_page_needs_no_inline_script_or_style(login_page):
    """The policy forbids inline code, so the page must not depend on any."""
    html = login_page.content.decode()

    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "expected the htmx script tag"
    assert all(" src=" in tag for tag in scripts), scripts
    assert re.search(r"<script\b[^>]*>\s*[^<\s]", html) is None  # no script with a body
    assert "<style" not in html
    assert re.search(r"\sstyle=", html) is None
    assert re.search(r"\son[a-z]+=", html) is None


def test_headers_are_also_set_on_a_logged_in_page(worker_client):
    response = worker_client.get("/werk/")

    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_no_template_comment_leaks_into_a_page_and_the_head_stays_whole(client):
    """A multi-line {# … #} is not a Django comment: it would show as text and end the <head>
    early (the title, styles and htmx config would land in the body)."""
    html = client.get("/werk/inloggen/").content.decode()
    assert "{#" not in html and "#}" not in html
    head = html.split("</head>")[0]
    assert "<title>" in head and 'name="htmx-config"' in head
