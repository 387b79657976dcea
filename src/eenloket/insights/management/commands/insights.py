from django.core.management.base import BaseCommand

from eenloket.insights import capture


class Command(BaseCommand):
    help = "The figures' anonymous facts: 'rebuild' makes them again from every case."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args, action, **options):
        done = capture.rebuild(progress=lambda n: self.stdout.write(f"\r{n:,} cases", ending=""))
        self.stdout.write("")
        self.stdout.write(f"Rebuilt the facts of {done:,} cases.")
