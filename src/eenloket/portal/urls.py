from django.urls import path

from eenloket.portal import (
    appointment_views,
    login_views,
    views,
    views_consent,
    views_documents,
    views_messages,
    views_my_data,
)

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("overzicht.pdf", views.overview_print, name="overview_print"),
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("inloggen/terug/", login_views.login_return, name="login_return"),
    path("inloggen/<slug:kind>/", login_views.start, name="login_start"),
    path("vragen/<uuid:case_id>/", views.case, name="case"),
    path("vraag/", views.ask, name="ask"),
    path("berichten/", views_messages.message_list, name="messages"),
    path("berichten/<uuid:message_id>/", views_messages.message_detail, name="message"),
    path(
        "vragen/<uuid:case_id>/document/",
        views_documents.document_upload,
        name="document_upload",
    ),
    path("keuzes/", views_consent.choices, name="choices"),
    path("bereikbaarheid/", views.reach, name="reach"),
    path(
        "keuzes/<uuid:consent_id>/intrekken/",
        views_consent.consent_withdraw,
        name="consent_withdraw",
    ),
    path("keuzes/<uuid:consent_id>/antwoord/", views_consent.consent_answer, name="consent_answer"),
    path("keuzes/nieuw/", views_consent.consent_give, name="consent_give"),
    path("wie-keek/", views.who_looked, name="who_looked"),
    path("gegevens/", views_my_data.my_data, name="my_data"),
    path("gegevens/mijn-gegevens.json", views_my_data.my_data_json, name="my_data_json"),
    path("gegevens/mijn-gegevens.html", views_my_data.my_data_html, name="my_data_html"),
    path("gegevens/mijn-gegevens.pdf", views_my_data.my_data_pdf, name="my_data_pdf"),
    path("gegevens/verzoek/", views_my_data.rights_request, name="rights_request"),
    path("namens/", views.act_for, name="act_for"),
    path("afspraak/", appointment_views.appointment, name="appointment"),
    path(
        "afspraak/<uuid:appointment_id>/annuleren/",
        appointment_views.appointment_cancel,
        name="appointment_cancel",
    ),
    path("terugbellen/", appointment_views.callback, name="callback"),
]
