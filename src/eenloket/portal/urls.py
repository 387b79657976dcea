from django.urls import path

from eenloket.portal import appointment_views, views

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("vragen/<uuid:case_id>/", views.case, name="case"),
    path("vraag/", views.ask, name="ask"),
    path("keuzes/", views.choices, name="choices"),
    path("bereikbaarheid/", views.reach, name="reach"),
    path("keuzes/<uuid:consent_id>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("wie-keek/", views.who_looked, name="who_looked"),
    path("afspraak/", appointment_views.appointment, name="appointment"),
    path(
        "afspraak/<uuid:appointment_id>/annuleren/",
        appointment_views.appointment_cancel,
        name="appointment_cancel",
    ),
    path("terugbellen/", appointment_views.callback, name="callback"),
]
