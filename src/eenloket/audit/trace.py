"""W3C Trace Context for the logs: which trace and operation a processing belongs to.

An incoming ``traceparent`` header (``00-<trace-id>-<parent-id>-<flags>``) is accepted, so a
partner system's processing and ours link up across organisations; otherwise a new trace starts.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


def new_trace_id() -> str:
    return secrets.token_hex(16)


def new_operation_id() -> str:
    return secrets.token_hex(8)


@dataclass
class Operation:
    """The operation (span) work happens in, and the log lines waiting to be written."""

    trace_id: str
    operation_id: str
    parent_operation_id: str = ""
    pending: list = field(default_factory=list)

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{self.operation_id}-01"


_current: contextvars.ContextVar[Operation | None] = contextvars.ContextVar(
    "eenloket_operation", default=None
)


def parse_traceparent(header: str | None) -> tuple[str, str] | None:
    """Return (trace id, parent operation id) from a valid traceparent header, else None."""
    if not header:
        return None
    match = TRACEPARENT.match(header.strip().lower())
    if not match:
        return None
    trace_id, parent_id, _flags = match.groups()
    if trace_id == "0" * 32 or parent_id == "0" * 16:
        return None  # invalid by the standard
    return trace_id, parent_id


def current() -> Operation | None:
    return _current.get()


@contextlib.contextmanager
def operation(traceparent: str | None = None) -> Iterator[Operation]:
    """Run a block as one operation: log lines recorded in it are written when it ends.

    Written at the end and outside the block's transactions, so a refused attempt inside a
    transaction that rolls back is still logged. Nested calls join the outer operation.
    """
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    incoming = parse_traceparent(traceparent)
    op = Operation(
        trace_id=incoming[0] if incoming else new_trace_id(),
        operation_id=new_operation_id(),
        parent_operation_id=incoming[1] if incoming else "",
    )
    token = _current.set(op)
    try:
        yield op
    finally:
        _current.reset(token)
        from eenloket.audit.processing import flush

        flush(op)
