"""`eenloket createmanager`: the first application manager of an empty loket, the only way in
(docs/deploy.md). Prints a generated first password once; the manager sets up the code app
at the first login. Refused once a current application manager exists."""

import secrets

from django.core.management.base import BaseCommand, CommandError

from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Organisation
from eenloket.setup import services


class Command(BaseCommand):
    help = "Create the first application manager (and their organisation) of an empty loket."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="the name colleagues know them by")
        parser.add_argument("--email", default="")
        parser.add_argument("--organisation", required=True, help="the organisation's name")
        parser.add_argument(
            "--kind",
            default=Organisation.Kind.MUNICIPALITY,
            choices=Organisation.Kind.values,
            help="the kind of organisation, when it is made now",
        )

    def handle(self, *args, **options):
        password = secrets.token_urlsafe(18)
        try:
            user = services.first_manager_create(
                username=options["username"],
                display_name=options["name"],
                email=options["email"],
                organisation_name=options["organisation"],
                kind=options["kind"],
                password=password,
                actor=Actor(kind="system", system_name="createmanager", via="command"),
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"application manager: {user.username}")
        self.stdout.write(f"first password: {password}")
        self.stdout.write("Log in at /werk/inloggen/ and set up the code app.")
