from django.urls import path

from eenloket.portal import login_views, views

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("inloggen/terug/", login_views.login_return, name="login_return"),
    path("inloggen/<slug:kind>/", login_views.start, name="login_start"),
    path("vragen/<uuid:case_id>/", views.case, name="case"),
    path("vraag/", views.ask, name="ask"),
    path("keuzes/", views.choices, name="choices"),
    path("bereikbaarheid/", views.reach, name="reach"),
    path("keuzes/<uuid:consent_id>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("wie-keek/", views.who_looked, name="who_looked"),
]
