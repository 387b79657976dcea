from django.urls import path

from eenloket.backoffice.views import auth, work

app_name = "backoffice"

urlpatterns = [
    path("inloggen/", auth.login_view, name="login"),
    path("inloggen/code/", auth.totp_verify_view, name="totp_verify"),
    path("inloggen/code-instellen/", auth.totp_enrol_view, name="totp_enrol"),
    path("uitloggen/", auth.logout_view, name="logout"),
    path("", work.home, name="home"),
    path("zaken/<uuid:case_id>/", work.case_detail, name="case_detail"),
    path("werken-als/", work.switch_membership, name="switch_membership"),
]
