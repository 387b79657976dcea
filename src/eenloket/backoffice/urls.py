from django.urls import path

from eenloket.backoffice.views import auth, directory, notifications, privacy, work

app_name = "backoffice"

urlpatterns = [
    path("inloggen/", auth.login_view, name="login"),
    path("inloggen/code/", auth.totp_verify_view, name="totp_verify"),
    path("inloggen/code-instellen/", auth.totp_enrol_view, name="totp_enrol"),
    path("uitloggen/", auth.logout_view, name="logout"),
    path("", work.home, name="home"),
    path("zaken/<uuid:case_id>/", work.case_detail, name="case_detail"),
    path("zaken/<uuid:case_id>/wie-keek/", privacy.who_looked, name="who_looked"),
    path("werken-als/", work.switch_membership, name="switch_membership"),
    path("meldingen/", notifications.notification_list, name="notifications"),
    path("beheer/niet-gelukt/", notifications.undeliverable, name="undeliverable"),
    path(
        "beheer/berichten/<uuid:message_id>/opnieuw/",
        notifications.message_retry,
        name="message_retry",
    ),
    path("privacy/logboek/", privacy.processing_log, name="processing_log"),
    path("privacy/logboek.json", privacy.processing_log_json, name="processing_log_json"),
    path("sociale-kaart/", directory.search, name="directory_search"),
    path(
        "sociale-kaart/regeling/<uuid:service_id>/",
        directory.scheme_detail,
        name="directory_scheme",
    ),
    path(
        "sociale-kaart/organisatie/<uuid:organisation_id>/",
        directory.organisation_detail,
        name="directory_organisation",
    ),
    path(
        "sociale-kaart/directe-lijn/<uuid:contact_point_id>/",
        directory.contact_point_detail,
        name="directory_contact_point",
    ),
    path(
        "sociale-kaart/directe-lijn/<uuid:contact_point_id>/capaciteit/",
        directory.contact_point_capacity,
        name="directory_contact_point_capacity",
    ),
    path(
        "sociale-kaart/levensgebeurtenis/<slug:key>/",
        directory.life_event_detail,
        name="directory_life_event",
    ),
    path("sociale-kaart/synoniemen/", directory.synonyms, name="directory_synonyms"),
    path(
        "sociale-kaart/regeling/<uuid:service_id>/bewerken/",
        directory.scheme_edit,
        name="directory_scheme_edit",
    ),
    path(
        "sociale-kaart/organisatie/<uuid:organisation_id>/bewerken/",
        directory.organisation_edit,
        name="directory_organisation_edit",
    ),
    path(
        "sociale-kaart/directe-lijn/<uuid:contact_point_id>/bewerken/",
        directory.contact_point_edit,
        name="directory_contact_point_edit",
    ),
]
