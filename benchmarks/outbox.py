"""Benchmark the outbox: messages per second from queue to a local SMTP server (aiosmtpd).

    .venv/bin/python benchmarks/outbox.py --messages 2000

Not part of `make test`: it prints figures and asserts nothing about speed.
"""

import argparse
import os
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()

    os.environ.setdefault("EENLOKET_VAR_DIR", tempfile.mkdtemp(prefix="eenloket-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenloket.settings")
    from aiosmtpd.controller import Controller

    from eenloket.testing.smtp import RecordingHandler, free_port

    handler, port = RecordingHandler(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    os.environ["EMAIL_HOST"], os.environ["EMAIL_PORT"] = "127.0.0.1", str(port)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    from eenloket.core.actor import Actor
    from eenloket.notifications import outbox, services
    from eenloket.notifications.preferences import ChannelPreferences

    actor = Actor.system("benchmark")
    started = time.perf_counter()
    with transaction.atomic():
        for n in range(args.messages):
            services.message_queue(
                recipient_kind="person",
                recipient_ref=f"p-{n}",
                recipient_name=f"Persoon {n}",
                contact={"email": f"p{n}@example.nl"},
                preferences=ChannelPreferences(("email",)),
                purpose="confirmation",
                template_key="case_confirmation",
                context={"name": f"Persoon {n}"},
                actor=actor,
            )
    queued = time.perf_counter() - started
    started = time.perf_counter()
    sent = outbox.send_due("bench", limit=args.messages)
    sending = time.perf_counter() - started
    controller.stop()
    print(f"database: {connection.vendor}")
    print(f"queue: {args.messages:,} messages in {queued:.1f} s = {args.messages / queued:,.0f}/s")
    print(f"send over SMTP: {sent:,} in {sending:.1f} s = {sent / sending:,.0f} messages/s")
    print(f"received by the SMTP server: {len(handler.messages):,}")


if __name__ == "__main__":
    main()
