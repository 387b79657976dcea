"""Run the example partner against an eenloket: register a webhook, then for every handover
sent to your team read it, accept it, report progress and complete it.

The partner's logic is one file with only the Python standard library,
``src/eenloket/api/example_partner.py`` (tested in eenloket's suite). Inside the repository this
script imports it from there; in your own project copy that file next to this one.

    python examples/partner/partner.py --api http://127.0.0.1:8000/api/v1 --token elk_... \\
        --listen 127.0.0.1:8765

``--check`` only reads the public HSDS directory and your own webhooks, and stops: a first test
that the address and the token work.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1] / "src")]

try:  # copied next to this script, in a partner's own project
    from example_partner import ExamplePartner  # type: ignore[import-not-found]
except ImportError:  # inside the eenloket repository
    from eenloket.api.example_partner import ExamplePartner


def check(partner: ExamplePartner) -> None:
    """Read the public directory (no token) and this client's webhooks (with the token)."""
    with urllib.request.urlopen(partner.api + "/hsds/services?per_page=1", timeout=30) as answer:  # noqa: S310
        page = json.loads(answer.read())
    print(f"directory (HSDS 3.0): {page['total_items']} services")
    hooks = partner.call("GET", "/webhooks")
    print(f"token works; webhooks registered: {len(hooks.get('items', []))}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, help="e.g. http://127.0.0.1:8000/api/v1")
    parser.add_argument("--token", required=True, help="elk_... from `eenloket api_client`")
    parser.add_argument("--listen", default="127.0.0.1:8765", help="host:port for the webhook")
    parser.add_argument("--check", action="store_true", help="only test address and token")
    args = parser.parse_args(argv)
    partner = ExamplePartner(args.api, args.token)
    if args.check:
        check(partner)
        return 0
    host, port = args.listen.rsplit(":", 1)
    url = partner.listen(host, int(port))
    partner.register(url)
    print(f"webhook registered; listening on {url} (Ctrl-C stops)")
    try:
        while True:
            if partner.work(wait=60):
                print(f"completed so far: {', '.join(partner.done)}")
    except KeyboardInterrupt:
        partner.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
