"""Every request is one operation in a trace; its log lines are written when it ends."""

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string

from eenloket.audit import processing, trace

logger = logging.getLogger("eenloket.audit")


class TraceContextMiddleware:
    """Accept an incoming W3C ``traceparent``, run the request as one operation, and write its
    processing-log lines before the response leaves.

    If the lines cannot be written, the response is not sent: no disclosure without a log line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if trace.current() is not None:  # nested (test client inside an operation)
            return self.get_response(request)
        incoming = trace.parse_traceparent(request.headers.get("traceparent"))
        op = trace.Operation(
            trace_id=incoming[0] if incoming else trace.new_trace_id(),
            operation_id=trace.new_operation_id(),
            parent_operation_id=incoming[1] if incoming else "",
        )
        token = trace._current.set(op)
        try:
            response = self.get_response(request)
        finally:
            trace._current.reset(token)
            try:
                processing.flush(op)
                flushed = True
            except Exception:
                logger.exception("processing log lines could not be written")
                flushed = False
        if not flushed:
            return HttpResponse(
                render_to_string("audit/log_unavailable.html", request=None),
                status=503,
            )
        response.headers["traceresponse"] = op.traceparent
        return response
