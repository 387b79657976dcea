"""The last step of docs/deploy.md, automated: against a running eenloket (gunicorn behind the
TLS proxy, here simulated with X-Forwarded-Proto), the first application manager logs in with
the password `eenloket createmanager` printed, sets up the code app (TOTP), and opens the
set-up screens. Exits non-zero, saying where, when a step fails.

    python scripts/deploy_smoke.py http://127.0.0.1:8765 beheer 'first-password'
"""

from __future__ import annotations

import html
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

import pyotp


class Session:
    """Cookies by hand: the production cookies are Secure, and the standard library's cookie
    jar would not send them over the plain connection to the proxy's back end."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        req.add_header("X-Forwarded-Proto", "https")
        req.add_header("X-Forwarded-For", "127.0.0.1")
        req.add_header("Referer", "https://" + urllib.parse.urlsplit(self.base).netloc + path)
        if self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(req, timeout=20)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        text = response.read().decode("utf-8", "replace")
        return response.status, response.headers.get("Location", ""), text

    def csrf(self, text: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def step(ok: bool, what: str) -> None:
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        sys.exit(1)


def main(base: str, username: str, password: str) -> None:
    s = Session(base)
    status, _, page = s.request("/werk/inloggen/")
    step(status == 200, "the login page answers")
    status, location, _ = s.request(
        "/werk/inloggen/",
        {"csrfmiddlewaretoken": s.csrf(page), "username": username, "password": password},
    )
    step(status == 302 and "code-instellen" in location, f"the password is accepted ({status})")
    status, _, page = s.request("/werk/inloggen/code-instellen/")
    secret = html.unescape(re.search(r'id="totp-secret">([^<]+)<', page).group(1)).replace(" ", "")
    code = pyotp.TOTP(secret).now()
    status, location, _ = s.request(
        "/werk/inloggen/code-instellen/", {"csrfmiddlewaretoken": s.csrf(page), "code": code}
    )
    step(status == 302, f"the code app is set up and the manager is logged in ({status})")
    status, _, page = s.request("/werk/beheer/")
    step(status == 200 and "Loket inrichten" in page, f"the set-up screens open ({status})")


if __name__ == "__main__":
    main(*sys.argv[1:4])
