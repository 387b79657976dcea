"""``Idempotency-Key`` on every POST of the API (IETF draft "The Idempotency-Key HTTP Header
Field"; decision 0047): a retried request writes nothing twice.

The first request with a key claims it (one row per client and key, a unique constraint, so
two at once cannot both run); its answer is stored (encrypted, it can name a person) and the
same key with the same request (method, path and body) gets that answer again without running
anything. The same key with another request is a 422; the same key while the first is still
running is a 409. A 5xx is not stored (nothing was written: the partner may try again). Keys
are forgotten after a day (the job ``api-idempotency``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import inspect
import json
import re

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja.decorators import decorate_view

from eenloket.api import problems
from eenloket.api.models import IdempotentRequest
from eenloket.core import clock, crypto

HEADER = "Idempotency-Key"
KEPT = dt.timedelta(hours=24)
_VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as a header can carry
_REPLAYED_HEADERS = ("ETag", "Location")


def fingerprint(request) -> str:
    """The request a key stands for: method, path and body."""
    content = b"\n".join((request.method.encode(), request.path.encode(), request.body))
    return hashlib.sha256(content).hexdigest()


def _replay(row: IdempotentRequest) -> HttpResponse:
    stored = json.loads(crypto.decrypt(row.response_encrypted))
    answer = HttpResponse(
        stored["body"].encode(), status=row.status_code, content_type=stored["content_type"]
    )
    for name, value in stored["headers"].items():
        answer[name] = value
    answer["Idempotent-Replayed"] = "true"
    return answer


def _claim(request, key: str) -> IdempotentRequest | HttpResponse:
    """Claim ``key`` for this request, or answer from (or about) the request that has it."""
    client = request.api_client
    mark = fingerprint(request)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return IdempotentRequest.objects.create(client=client, key=key, fingerprint=mark)
        except IntegrityError:
            row = IdempotentRequest.objects.filter(client=client, key=key).first()
            if row is None:
                continue  # forgotten in between: claim it anew
            if row.created_at < clock.now() - KEPT:
                row.delete()
                continue
            if row.fingerprint != mark:
                return problems.response(
                    422,
                    "idempotency_key.reused",
                    _("Key already used"),
                    _(
                        "This Idempotency-Key was used for another request. "
                        "Use a new key for a new request."
                    ),
                    errors=[{"field": HEADER, "message": _("Used for another request.")}],
                )
            if row.status_code is None:
                return problems.response(
                    409,
                    "idempotency_key.in_progress",
                    _("Still being handled"),
                    _("A request with this Idempotency-Key is still being handled. Try again."),
                )
            return _replay(row)
    return problems.response(
        409, "idempotency_key.in_progress", _("Still being handled"), _("Try again.")
    )


def _store(run):
    """Around ninja's whole operation: store the answer of a request that claimed a key."""

    @functools.wraps(run)
    def storing(request, *args, **kwargs):
        answer = run(request, *args, **kwargs)
        row = getattr(request, "_eenloket_idempotent", None)
        if row is None:
            return answer
        if answer.status_code >= 500:
            IdempotentRequest.objects.filter(pk=row.pk).delete()
            return answer
        stored = {
            "body": answer.content.decode(),
            "content_type": answer.get("Content-Type", "application/json"),
            "headers": {h: answer[h] for h in _REPLAYED_HEADERS if answer.has_header(h)},
        }
        IdempotentRequest.objects.filter(pk=row.pk).update(
            status_code=answer.status_code, response_encrypted=crypto.encrypt(json.dumps(stored))
        )
        return answer

    return storing


def idempotent(view):
    """Make a POST operation honour ``Idempotency-Key`` (put it under ``@router.post``)."""

    @functools.wraps(view)
    def claiming(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(request, *args, **kwargs)
        if not _VALID_KEY.match(key):
            return problems.response(
                422,
                "invalid",
                _("Check your input"),
                _("An Idempotency-Key is 1 to 255 visible ASCII characters."),
                errors=[{"field": HEADER, "message": _("1 to 255 visible ASCII characters.")}],
            )
        claimed = _claim(request, key)
        if isinstance(claimed, HttpResponse):
            return claimed
        request._eenloket_idempotent = claimed
        return view(request, *args, **kwargs)

    # ninja reads the parameters from the signature; resolve its annotations in the view's own
    # module (``from __future__ import annotations`` leaves them as names there).
    claiming.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]

    return decorate_view(_store)(claiming)


def forget_old() -> int:
    """The periodic job: forget keys older than a day; return how many."""
    deleted, _rows = IdempotentRequest.objects.filter(created_at__lt=clock.now() - KEPT).delete()
    return deleted
