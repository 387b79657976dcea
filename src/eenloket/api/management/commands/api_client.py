"""``eenloket api_client <action>``: register partner systems and manage their tokens.

create --team TEAM --name NAME --scope S [--scope S ...] [--days N]
                            a client for a team (TEAM: its id, or "Organisation/Team");
                            prints the token once
rotate CLIENT [--overlap-days N] [--days N]
                            a new token; the old ones work N more days (default 7)
revoke CLIENT               revoke the client and all its tokens at once
revoke-token PREFIX         revoke one token (the 12 characters after "elk_")
list                        the clients, their scopes and tokens (never the secrets)
scopes                      the scopes there are, with what each allows
"""

import datetime as dt
from uuid import UUID

from django.core.management.base import BaseCommand, CommandError

from eenloket.access import api as api_rules
from eenloket.api import selectors, services
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Team


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


def _team(value: str):
    if "/" in value:
        organisation, _sep, name = value.partition("/")
        found = Team.objects.filter(organisation__name=organisation.strip(), name=name.strip())
    elif _uuid(value) is not None:
        found = Team.objects.filter(pk=_uuid(value))
    else:
        found = Team.objects.none()
    team = found.select_related("organisation").first()
    if team is None:
        raise CommandError(f"No team {value!r}: give its id or 'Organisation/Team'.")
    return team


def _client(value: str):
    client = selectors.client_by_id(_uuid(value)) if _uuid(value) else None
    if client is None:
        raise CommandError(f"No client {value!r}: give its id (see 'list').")
    return client


class Command(BaseCommand):
    help = "Register partner API clients and create, rotate and revoke their tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="action")
        create = actions.add_parser("create", help="register a client for a team")
        create.add_argument("--team", required=True)
        create.add_argument("--name", required=True)
        create.add_argument("--scope", action="append", default=[], dest="scopes")
        create.add_argument("--days", type=int, default=365)
        rotate = actions.add_parser("rotate", help="issue a new token, old ones overlap")
        rotate.add_argument("client")
        rotate.add_argument("--overlap-days", type=int, default=7)
        rotate.add_argument("--days", type=int, default=365)
        revoke = actions.add_parser("revoke", help="revoke a client and all its tokens")
        revoke.add_argument("client")
        revoke_token = actions.add_parser("revoke-token", help="revoke one token")
        revoke_token.add_argument("prefix")
        actions.add_parser("list", help="list the clients and their tokens")
        actions.add_parser("scopes", help="list the scopes")

    def handle(self, *args, action, **options):
        actor = Actor(kind="system", system_name=f"command:api_client {action}", via="command")
        try:
            getattr(self, "_" + action.replace("-", "_"))(actor, options)
        except DomainError as error:
            raise CommandError(str(error.message)) from None

    def _create(self, actor, options):
        if not 1 <= options["days"] <= 730:
            raise CommandError("--days must be between 1 and 730.")
        client, raw = services.client_create(
            name=options["name"],
            team=_team(options["team"]),
            scopes=options["scopes"],
            lifetime=dt.timedelta(days=options["days"]),
            actor=actor,
        )
        self.stdout.write(f"Client {client.pk} ({client.name}, {client.team}).")
        self._show_token(raw)

    def _rotate(self, actor, options):
        if not 1 <= options["days"] <= 730:
            raise CommandError("--days must be between 1 and 730.")
        token, raw = services.token_rotate(
            client=_client(options["client"]),
            overlap=dt.timedelta(days=options["overlap_days"]),
            lifetime=dt.timedelta(days=options["days"]),
            actor=actor,
        )
        self.stdout.write(
            f"New token elk_{token.prefix}_…; older tokens stop working within "
            f"{options['overlap_days']} days."
        )
        self._show_token(raw)

    def _revoke(self, actor, options):
        client = services.client_revoke(client=_client(options["client"]), actor=actor)
        self.stdout.write(f"Client {client.pk} ({client.name}) and all its tokens revoked.")

    def _revoke_token(self, actor, options):
        token = selectors.token_by_prefix(options["prefix"].removeprefix("elk_")[:12])
        if token is None:
            raise CommandError(f"No token with prefix {options['prefix']!r}.")
        services.token_revoke(token=token, actor=actor)
        self.stdout.write(f"Token elk_{token.prefix}_… of {token.client.name} revoked.")

    def _list(self, actor, options):
        for client in selectors.clients():
            state = "revoked" if client.revoked_at else "active"
            self.stdout.write(
                f"{client.pk}  {client.organisation.name} / {client.team.name}  "
                f"{client.name}  [{state}]  scopes: {', '.join(client.scopes) or '-'}"
            )
            for token in client.tokens.all():
                token_state = "usable" if token.usable() else "not usable"
                self.stdout.write(
                    f"    elk_{token.prefix}_…  expires {token.expires_at:%Y-%m-%d %H:%M}  "
                    f"[{token_state}]"
                )

    def _scopes(self, actor, options):
        for scope in api_rules.SCOPES.values():
            self.stdout.write(f"{scope.name}: {scope.description}")

    def _show_token(self, raw: str):
        self.stdout.write("Token (shown once; store it in the partner system's secrets):")
        self.stdout.write(raw)
