from django.urls import path

from eenloket.backoffice.views import (
    access_requests,
    auth,
    case,
    directory,
    intake,
    notifications,
    privacy,
    work,
)

app_name = "backoffice"

urlpatterns = [
    path("inloggen/", auth.login_view, name="login"),
    path("inloggen/code/", auth.totp_verify_view, name="totp_verify"),
    path("inloggen/code-instellen/", auth.totp_enrol_view, name="totp_enrol"),
    path("uitloggen/", auth.logout_view, name="logout"),
    path("", work.home, name="home"),
    path("werklijsten/", work.worklists, name="worklists"),
    path("zoeken/", intake.person_search, name="person_search"),
    path("aanmelden/", intake.intake, name="intake"),
    path("aanmelden/<uuid:person_id>/", intake.intake, name="intake_known"),
    path("zaken/<uuid:case_id>/", case.case_detail, name="case_detail"),
    path("zaken/<uuid:case_id>/bsn/", case.case_bsn, name="case_bsn"),
    path(
        "zaken/<uuid:case_id>/documenten/<uuid:document_id>/",
        case.document_download,
        name="document_download",
    ),
    path("zaken/<uuid:case_id>/bewerken/", case.case_edit, name="case_edit"),
    path("zaken/<uuid:case_id>/samenvatting/", case.case_summary, name="case_summary"),
    path("zaken/<uuid:case_id>/status/<str:to>/", case.case_status, name="case_status"),
    path("zaken/<uuid:case_id>/oppakken/", case.case_pick_up, name="case_pick_up"),
    path("zaken/<uuid:case_id>/contact/", case.contact_new, name="contact_new"),
    path("zaken/<uuid:case_id>/samenvoegen/", case.person_merge, name="person_merge"),
    path("zaken/<uuid:case_id>/persoon/", case.person_edit, name="person_edit"),
    path("zaken/<uuid:case_id>/notitie/", case.note_new, name="note_new"),
    path("zaken/<uuid:case_id>/huishouden/", case.household_new, name="household_new"),
    path(
        "zaken/<uuid:case_id>/vertegenwoordiger/",
        case.representative_new,
        name="representative_new",
    ),
    path(
        "zaken/<uuid:case_id>/huishouden/<uuid:link_id>/beeindigen/",
        case.household_end,
        name="household_end",
    ),
    path(
        "zaken/<uuid:case_id>/vertegenwoordiger/<uuid:representation_id>/beeindigen/",
        case.representation_end,
        name="representation_end",
    ),
    path("zaken/<uuid:case_id>/wie-keek/", privacy.who_looked, name="who_looked"),
    path("toegang/", access_requests.access_requests, name="access_requests"),
    path(
        "toegang/vragen/<uuid:person_id>/",
        access_requests.access_request_new,
        name="access_request_new",
    ),
    path(
        "toegang/<uuid:request_id>/",
        access_requests.access_request_decide,
        name="access_request_decide",
    ),
    path(
        "toegang/<uuid:request_id>/intrekken/",
        access_requests.access_request_withdraw,
        name="access_request_withdraw",
    ),
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
