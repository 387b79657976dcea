"""Reads that may be slightly stale go to a read replica; everything else to the primary.

Configured by ``DATABASE_REPLICA_URL`` (settings.py adds the database alias ``replica``); without
it every query goes to the primary and nothing here has any effect (docs/deploy.md, decision
0052). The rules, in order:

1. Writes always go to the primary, the processing log's included.
2. A read goes to the replica only inside ``stale_reads_allowed()`` (a view opts in with
   ``@replica_reads``, only for GET and HEAD): directory search, figures. Anything outside such a
   scope — the policy point's decisions, the processing log, sessions — reads the primary.
3. Never inside a transaction: a read in an atomic block reads the primary (what the
   transaction already wrote, and locks, live there).
4. Read your writes: after the first write of a request every later read of that request goes to
   the primary, and the response sets a short-lived cookie so the client's next requests (the
   page after a POST) read the primary too, until the replica has caught up
   (``EENLOKET_REPLICA_PIN_SECONDS``). The processing log and the session, written on every
   request, do not count: no page shows its own log line or session row.
"""

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "eenloket_primary"
# Writes by these apps do not pin the client to the primary (rule 4).
NOT_PINNING = frozenset({"audit", "sessions"})
# Reads of these apps never go to the replica (rule 2 holds anyway; this is a second wall).
PRIMARY_ONLY = frozenset({"audit", "sessions", "access", "consent", "accounts"})


@dataclass
class _State:
    allowed: bool = False
    pinned: bool = False
    wrote: bool = False


_state: contextvars.ContextVar[_State | None] = contextvars.ContextVar(
    "eenloket_replica_state", default=None
)


def configured() -> bool:
    """Whether a replica database alias is configured."""
    return REPLICA in connections.settings


def _in_transaction() -> bool:
    """An atomic block on the primary other than the one a test case wraps every test in."""
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def read_alias(app_label: str) -> str:
    """The alias a read of ``app_label`` goes to now (rules 2 to 4)."""
    state = _state.get()
    if (
        state is None
        or not state.allowed
        or state.pinned
        or state.wrote
        or app_label in PRIMARY_ONLY
        or not configured()
        or _in_transaction()
    ):
        return DEFAULT_DB_ALIAS
    return REPLICA


class ReplicaRouter:
    """Django database router (settings.DATABASE_ROUTERS) applying the rules above."""

    def db_for_read(self, model, **hints):
        return read_alias(model._meta.app_label)

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None and model._meta.app_label not in NOT_PINNING:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


@contextmanager
def request_scope(*, pinned: bool = False) -> Iterator[_State]:
    """One request (or job): remembers whether it wrote. Stale reads are not yet allowed."""
    token = _state.set(_State(pinned=pinned))
    try:
        state = _state.get()
        assert state is not None
        yield state
    finally:
        _state.reset(token)


@contextmanager
def stale_reads_allowed() -> Iterator[None]:
    """Reads in this block may go to the replica (rules 3 and 4 still apply)."""
    state = _state.get()
    if state is None:
        with request_scope() as state, _allowing(state):
            yield
        return
    with _allowing(state):
        yield


@contextmanager
def _allowing(state: _State) -> Iterator[None]:
    before = state.allowed
    state.allowed = True
    try:
        yield
    finally:
        state.allowed = before


def replica_reads(view: Callable) -> Callable:
    """View decorator: a GET or HEAD of this view may read from the replica."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        with stale_reads_allowed():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaMiddleware:
    """Rule 4 across requests: a client that wrote reads the primary for a few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope(pinned=PIN_COOKIE in request.COOKIES) as state:
            response = self.get_response(request)
        if state.wrote and configured():
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.EENLOKET_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
