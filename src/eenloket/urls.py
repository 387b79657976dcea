from django.shortcuts import redirect
from django.urls import include, path

urlpatterns = [
    path("", lambda request: redirect("backoffice:home"), name="root"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("werk/", include("eenloket.backoffice.urls")),
]
