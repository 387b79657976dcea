"""Every request inside the policy-point guard; response headers that Django 5.2 does not set
by itself; the idle timeout of a session renewed once a minute instead of on every request."""

from django.conf import settings

from eenloket.core import clock, policy_guard

# No inline script or style anywhere: htmx is loaded from a file and its own inline styles are
# switched off (see base.html), so the policy needs no 'unsafe-inline' and no nonces.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def _content_security_policy() -> str:
    """The policy; forms may also lead to the citizens' login providers (logging out there
    follows the portal's logout form, docs/login.md)."""
    login = getattr(settings, "EENLOKET_LOGIN", None)
    origins = sorted(
        {"/".join(p.issuer.split("/")[:3]) for p in (login.providers.values() if login else ())}
    )
    if not origins:
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", "form-action 'self' " + " ".join(origins)
    )


class SecurityHeadersMiddleware:
    """Add the content security policy and permissions policy to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", _content_security_policy())
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not settings.DEBUG:
            # Personal data must not linger in shared browser or proxy caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class PolicyPointMiddleware:
    """Serve the whole request inside the guard (core/policy_guard.py): the view, the rendering
    of a lazy response, the other middleware, and a streaming response's content as it is sent.
    First in MIDDLEWARE, so nothing of a request runs outside it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with policy_guard.serving():
            response = self.get_response(request)
        if getattr(response, "streaming", False) and not response.is_async:
            response.streaming_content = _served(response.streaming_content)
        return response


def _served(chunks):
    with policy_guard.serving():
        yield from chunks


# A session's idle timeout is renewed at most once per this many seconds: the stored session
# is written then, not on every request (SESSION_SAVE_EVERY_REQUEST wrote one row per page
# view). A session may therefore end up to this much before its full idle time, never after.
SESSION_RENEW_SECONDS = 60
SESSION_RENEWED_AT = "eenloket_renewed_at"


class SessionRenewalMiddleware:
    """Move a session's expiry forward when it was last renewed a minute ago or more, or when
    the request changed the session anyway. A visitor without a session gets none.

    After SessionMiddleware in MIDDLEWARE: this response step runs before it saves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():  # no cookie, or a session flushed at logout
            return response
        renewed_at = session.get(SESSION_RENEWED_AT)
        if session.is_empty():  # a cookie of a session that has expired or never was
            return response
        now = clock.now().timestamp()
        due = not isinstance(renewed_at, (int, float)) or now - renewed_at >= SESSION_RENEW_SECONDS
        if due or session.modified:
            session[SESSION_RENEWED_AT] = now
        return response
