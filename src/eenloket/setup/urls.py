from django.urls import path

from eenloket.setup.views import api_clients, bases, organisations, roster, tables, workers

app_name = "setup"

urlpatterns = [
    path("", organisations.home, name="home"),
    path("verwerkingsregister/", tables.register, name="register"),
    path("organisaties/nieuw/", organisations.organisation_new, name="organisation_new"),
    path(
        "organisaties/<uuid:organisation_id>/",
        organisations.organisation_detail,
        name="organisation",
    ),
    path(
        "organisaties/<uuid:organisation_id>/bewerken/",
        organisations.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisaties/<uuid:organisation_id>/teams/nieuw/",
        organisations.team_new,
        name="team_new",
    ),
    path("teams/<uuid:team_id>/bewerken/", organisations.team_edit, name="team_edit"),
    path("teams/<uuid:team_id>/directe-lijn/nieuw/", organisations.line_new, name="line_new"),
    path(
        "directe-lijnen/<uuid:contact_point_id>/bewerken/",
        organisations.line_edit,
        name="line_edit",
    ),
    path(
        "directe-lijnen/<uuid:contact_point_id>/zichtbaarheid/",
        organisations.line_visibility,
        name="line_visibility",
    ),
    path(
        "organisaties/<uuid:organisation_id>/balies/nieuw/",
        organisations.desk_new,
        name="desk_new",
    ),
    path("balies/<uuid:location_id>/bewerken/", organisations.desk_edit, name="desk_edit"),
    path(
        "organisaties/<uuid:organisation_id>/grondslagen/nieuw/",
        bases.basis_new,
        name="basis_new",
    ),
    path(
        "grondslagen/<uuid:basis_id>/beeindigen/",
        bases.basis_end,
        name="basis_end",
    ),
    path("medewerkers/", workers.workers, name="workers"),
    path("medewerkers/nieuw/", workers.worker_new, name="worker_new"),
    path("medewerkers/uitnodigen/", workers.worker_invite, name="worker_invite"),
    path("medewerkers/lijst/", roster.roster_page, name="roster"),
    path("medewerkers/lijst.csv", roster.roster_export, name="roster_export"),
    path("medewerkers/<int:user_id>/", workers.worker_detail, name="worker"),
    path(
        "medewerkers/<int:user_id>/uitnodiging/",
        workers.invitation_resend,
        name="invitation_resend",
    ),
    path("medewerkers/<int:user_id>/vertrek/", workers.worker_offboard, name="worker_offboard"),
    path(
        "medewerkers/<int:user_id>/lidmaatschap/",
        workers.membership_new,
        name="membership_new",
    ),
    path(
        "medewerkers/<int:user_id>/wachtwoord/",
        workers.worker_password,
        name="worker_password",
    ),
    path(
        "lidmaatschappen/<uuid:membership_id>/beeindigen/",
        workers.membership_end,
        name="membership_end",
    ),
    path(
        "lidmaatschappen/<uuid:membership_id>/rol/",
        workers.membership_role,
        name="membership_role",
    ),
    path("doorbraaktafels/", tables.tables, name="tables"),
    path("doorbraaktafels/nieuw/", tables.table_new, name="table_new"),
    path("doorbraaktafels/<uuid:table_id>/", tables.table_edit, name="table_edit"),
    # Partner API clients (decision 0040)
    path(
        "organisaties/<uuid:organisation_id>/api-clients/",
        api_clients.api_clients_of,
        name="api_clients",
    ),
    path("api-clients/nieuw/", api_clients.api_client_new, name="api_client_new"),
    path("api-clients/<uuid:client_id>/", api_clients.api_client_detail, name="api_client"),
    path("api-clients/<uuid:client_id>/token/", api_clients.api_token_new, name="api_token_new"),
    path(
        "api-clients/<uuid:client_id>/rechten/",
        api_clients.api_client_scopes,
        name="api_client_scopes",
    ),
    path(
        "api-clients/<uuid:client_id>/intrekken/",
        api_clients.api_client_revoke,
        name="api_client_revoke",
    ),
    path(
        "api-tokens/<uuid:token_id>/intrekken/",
        api_clients.api_token_revoke,
        name="api_token_revoke",
    ),
]
