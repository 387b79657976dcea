"""Where a worker notification leads in the back office: the interface turns what a
notification is about (``notifications/about.py``) into a URL of its own."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from eenloket.notifications import about

ROUTES = {
    about.CASE: "backoffice:case_detail",
    about.ACCESS_REQUEST: "backoffice:access_request_decide",
    about.ACCESS_REQUESTS: "backoffice:access_requests",
    about.SIGNAL: "backoffice:signal_detail",
    about.BREAK_GLASS_REVIEWS: "backoffice:break_glass_reviews",
    about.BREAK_GLASS_CONFIRM: "backoffice:break_glass_confirm",
}


def url_for(reference: str) -> str:
    """Return the back-office URL for a notification's reference, or "" for none.

    A reference that is already a path (rows written before decision 0037) is kept.
    """
    if not reference or reference.startswith("/"):
        return reference
    kind, object_id = about.parse(reference)
    route = ROUTES.get(kind)
    if route is None:
        return ""
    try:
        return reverse(route, args=[object_id] if object_id else [])
    except NoReverseMatch:
        return ""
