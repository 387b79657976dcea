"""Small helpers for views."""

from django.conf import settings


def posted(request):
    """The form data of a POST, or None for any other method.

    Not ``request.POST or None``: a POST without any field (a broken client, a hostile one)
    must bind the form, so it is refused with each missing field named (#26), not shown
    again as an empty form with a bare 400.
    """
    return request.POST if request.method == "POST" else None


def query_text(request, name: str, *, max_length: int = 100) -> str:
    """A free-text query parameter (a search), cut to ``max_length`` and without control
    characters: a form field refuses a NUL byte itself, a query parameter does not, and
    PostgreSQL cannot compare text with one in it (found by the hostile-input test, #26)."""
    value = request.GET.get(name, "")[:max_length]
    return "".join(ch for ch in value if ch.isprintable()).strip()


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind our TLS proxy the address that proxy saw
    (the last entry of X-Forwarded-For, the one it added itself; earlier entries are the
    client's to invent)."""
    if settings.EENLOKET_BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")
