"""What a worker notification is about, as a plain reference ("case:<id>"), never a URL.

Domain services say what happened and what it concerns; the interface that shows the
notification decides where that leads (``backoffice/notification_links.py``). So no domain
module builds a back-office URL (decision 0037).
"""

from __future__ import annotations

CASE = "case"
ACCESS_REQUEST = "access_request"
ACCESS_REQUESTS = "access_requests"
SIGNAL = "signal"
BREAK_GLASS_REVIEWS = "break_glass_reviews"
BREAK_GLASS_CONFIRM = "break_glass_confirm"


def about(kind: str, object_id=None) -> str:
    """Return the reference for ``kind`` (and the object it names, if any)."""
    return kind if object_id is None else f"{kind}:{object_id}"


def parse(reference: str) -> tuple[str, str]:
    """Split a reference into its kind and object id ("" when it names none)."""
    kind, _sep, object_id = reference.partition(":")
    return kind, object_id
