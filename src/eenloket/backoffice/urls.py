from django.urls import path

from eenloket.backoffice.views import auth, notifications, privacy, work

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
]
