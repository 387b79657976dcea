from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", lambda request: redirect("backoffice:home"), name="root"),
    path("favicon.ico", RedirectView.as_view(url=static("eenloket/favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("werk/beheer/", include("eenloket.setup.urls")),
    path("werk/", include("eenloket.backoffice.urls")),
    path("mijn/", include("eenloket.portal.urls")),
    path("api/", include("eenloket.api.urls")),
]

# A plain 503 when the database cannot be reached; Django's 500 otherwise (core/views.py).
handler500 = "eenloket.core.views.server_error"
