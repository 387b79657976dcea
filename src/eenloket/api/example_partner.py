"""An example partner system for the eenloket API, as a partner's developer would copy it.

Only the Python standard library: it imports nothing of eenloket. It registers a webhook,
receives the team's events signed as Standard Webhooks says (checks the signature and the
timestamp, and skips a ``webhook-id`` it has seen: a retry), and for a handover sent to its
team reads what it may, accepts it, reports progress and completes it, each POST with an
``Idempotency-Key`` so a retry after a network error changes nothing twice.

Run it against a local eenloket (``eenloket demo``; a token from ``eenloket api_client
create``)::

    python example_partner.py --api http://127.0.0.1:8000/api/v1 --token elk_… \\
        --listen 127.0.0.1:8765

The webhook answers at once and leaves the work to ``work()``: a partner answers a delivery
within seconds (eenloket waits 10), and does the slow part after.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import queue
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 5 * 60


def verify(secret: str, headers, body: bytes, *, now: float | None = None) -> bool:
    """Tell whether a delivery is eenloket's: a ``v1`` signature over ``id.timestamp.body``
    with the endpoint's secret, sent less than five minutes ago (no replay of old ones)."""
    msg_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    if not msg_id or not timestamp.isdigit():
        return False
    if abs((now or time.time()) - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for signature in headers.get("webhook-signature", "").split():
        version, _sep, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(expected, value):
            return True
    return False


class ExamplePartner:
    """A partner's system: a client of the API and a webhook endpoint."""

    def __init__(
        self,
        api: str,
        token: str,
        *,
        secret: str | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self.api = api.rstrip("/")
        # The partner's own clock, for the signature's freshness (a test gives it the server's).
        self.clock = clock
        self.token = token
        self.secret = secret or "whsec_" + base64.b64encode(os.urandom(32)).decode()
        self.events: queue.Queue[dict] = queue.Queue()
        self.seen: set[str] = set()
        self.done: list[str] = []  # handovers completed
        self.server: ThreadingHTTPServer | None = None

    # Calling the API ------------------------------------------------------------------------

    def call(self, method: str, path: str, body: dict | None = None, *, key: str = "") -> dict:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if key:
            headers["Idempotency-Key"] = key
        url = path if path.startswith("http") else self.api + path.removeprefix("/api/v1")
        request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            content = answer.read()
        return json.loads(content) if content else {}

    def register(self, callback_url: str) -> dict:
        """Register the webhook (once; the secret is ours, so nothing needs copying back)."""
        return self.call(
            "POST",
            "/webhooks/register",
            {"url": callback_url, "secret": self.secret},
            key=f"register-{callback_url}",
        )

    # Receiving ------------------------------------------------------------------------------

    def listen(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start the webhook endpoint in a thread; return its URL."""
        partner = self

        class Endpoint(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                if not verify(partner.secret, headers, body, now=partner.clock()):
                    self.send_response(401)
                elif headers["webhook-id"] in partner.seen:
                    self.send_response(204)  # a retry of one we have: answer, do nothing
                else:
                    partner.seen.add(headers["webhook-id"])
                    partner.events.put(json.loads(body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, port), Endpoint)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://{host}:{self.server.server_address[1]}/eenloket"

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # Working --------------------------------------------------------------------------------

    def handle(self, event: dict) -> None:
        """A handover sent to our team: read it, accept, report progress, complete."""
        data = event.get("data", {})
        if event["type"] != "nl.eenloket.handover.sent" or data.get("direction") != "incoming":
            return
        handover = self.call("GET", event["dataref"])
        hid = handover["id"]
        self.call(
            "POST", f"/handovers/{hid}/accept", {"reference": f"EX-{hid[:8]}"}, key=f"a-{hid}"
        )
        self.call("POST", f"/handovers/{hid}/progress", {"status": "in_progress"}, key=f"p-{hid}")
        self.call("POST", f"/handovers/{hid}/complete", {"outcome": "helped"}, key=f"c-{hid}")
        self.done.append(hid)

    def work(self, *, wait: float = 0.0) -> int:
        """Handle the events received; return how many."""
        handled = 0
        while True:
            try:
                event = self.events.get(timeout=wait) if wait else self.events.get_nowait()
            except queue.Empty:
                return handled
            self.handle(event)
            handled += 1
            wait = 0.0


def main() -> None:  # pragma: no cover - by hand, against a running eenloket
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--listen", default="127.0.0.1:8765")
    args = parser.parse_args()
    host, port = args.listen.rsplit(":", 1)
    partner = ExamplePartner(args.api, args.token)
    url = partner.listen(host, int(port))
    partner.register(url)
    print(f"listening on {url}")
    while True:
        partner.work(wait=60)


if __name__ == "__main__":  # pragma: no cover
    main()
