"""WSGI entry point. In production mode it refuses to serve while a demo account is active."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenloket.settings")

application = get_wsgi_application()

from eenloket.accounts.startup import refuse_unsafe_accounts  # noqa: E402

refuse_unsafe_accounts()
