"""Interop: the citizens' login against a certified OpenID Connect provider (panva's
oidc-provider, run by Node.js on 127.0.0.1), not only against our own test provider.

Skips, saying why, when Node.js or the peer's packages are missing: install them with
`npm ci` in src/eenloket/testing/oidc_peer (docs/login.md)."""

import http.cookiejar
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from html import unescape
from pathlib import Path

import pytest
from django.test import Client

from eenloket.accounts import oidc
from eenloket.core.actor import Actor
from eenloket.core.login_config import LoginConfig, LoginProvider
from eenloket.people import services as people
from eenloket.testing.smtp import free_port

# slow: starts Node.js with the certified provider (the slow lane; make test-fast skips it).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
PEER = Path(__file__).resolve().parents[2] / "testing" / "oidc_peer"
BSN = "999990019"
SECRET = "interop-secret-for-tests"


@pytest.fixture
def certified_provider(settings):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the interop test with oidc-provider is skipped")
    if not (PEER / "node_modules" / "oidc-provider").is_dir():
        pytest.skip(f"oidc-provider is not installed: run `npm ci` in {PEER}")
    port = free_port()
    env = os.environ | {
        "PORT": str(port),
        "CLIENT_SECRET": SECRET,
        "REDIRECT_URI": "http://testserver/mijn/inloggen/terug/",
        "POST_LOGOUT_URI": "http://testserver/mijn/inloggen/",
        "BSN": BSN,
    }
    process = subprocess.Popen(
        [node, "server.mjs"], cwd=PEER, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            pytest.fail(f"oidc-provider did not start: {process.stdout.read1().decode()}")
        settings.EENLOKET_LOGIN = LoginConfig(
            providers={
                "digid": LoginProvider(
                    kind="digid",
                    issuer=issuer,
                    discovery_url=f"{issuer}/.well-known/openid-configuration",
                    client_id="eenloket-digid",
                    client_secret=SECRET,
                    scopes=("openid", "digid"),
                )
            },
            timeout_seconds=5,
        )
        oidc.forget_cached()
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
        oidc.forget_cached()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _through_the_provider(authorize_url: str) -> str:
    """Be the browser at oidc-provider's development login and consent pages; return the
    callback address it finally sends us to."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    url, data = authorize_url, None
    for _ in range(12):
        try:
            response = opener.open(url, data=data, timeout=5)
        except urllib.error.HTTPError as answer:
            if answer.code not in (302, 303):
                raise AssertionError(f"{url}: {answer.code} {answer.read()[:300]!r}") from None
            url, data = urllib.parse.urljoin(url, answer.headers["Location"]), None
            if url.startswith("http://testserver/"):
                return url
            continue
        page = response.read().decode()
        form = re.search(r'<form[^>]*action="([^"]+)"[^>]*method="post"', page)
        assert form, page[:500]
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
        fields |= {"login": "sandra", "password": "anything"}
        url = urllib.parse.urljoin(url, unescape(form.group(1)))
        data = urllib.parse.urlencode(fields).encode()
    raise AssertionError("oidc-provider never sent us back")


def test_digid_login_through_a_certified_provider(certified_provider):
    sandra = people.person_create(
        given_names="Sandra", surname="Jansen", bsn=BSN, actor=Actor.system("test")
    )
    client = Client()
    started = client.get("/mijn/inloggen/digid/")
    assert started.status_code == 302 and started["Location"].startswith(certified_provider)
    callback = urllib.parse.urlsplit(_through_the_provider(started["Location"]))
    answer = client.get(f"{callback.path}?{callback.query}")
    assert answer.status_code == 302 and answer["Location"] == "/mijn/", answer.content[:500]
    assert client.session["portal_person"] == str(sandra.pk)
    # oidc-provider's development login sends no acr: the lowest level, no dossier content.
    assert client.session["portal_assurance"] == "basis"
    assert client.get("/mijn/").status_code == 403
    # The same answer a second time is refused (state used once; the code too).
    assert client.get(f"{callback.path}?{callback.query}").status_code == 400
    out = client.post("/mijn/uitloggen/")
    assert out["Location"].startswith(f"{certified_provider}/session/end?")
