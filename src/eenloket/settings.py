"""Django settings for eenloket, all taken from the environment (see core/config.py).

EENLOKET_MODE=demo (default) runs a local desk with demo data; EENLOKET_MODE=production
refuses to start with any unsafe setting.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from eenloket.core.config import load

CONFIG = load(os.environ)
PACKAGE_DIR = Path(__file__).resolve().parent

EENLOKET_MODE = CONFIG.mode
EENLOKET_DEMO_LOGIN = CONFIG.demo_login
EENLOKET_FIELD_KEYS = CONFIG.field_keys
EENLOKET_VAR_DIR = CONFIG.var_dir
EENLOKET_PSEUDONYM_KEY = CONFIG.pseudonym_key
EENLOKET_LOG_SIGNING_KEY = CONFIG.log_signing_key
# The key of the keyed hash (HMAC) by which a person is found by BSN; see people/bsn.py.
EENLOKET_BSN_HASH_KEY = CONFIG.bsn_hash_key
# The citizens' login through OpenID Connect (DigiD, eHerkenning behind a broker): docs/login.md.
EENLOKET_LOGIN = CONFIG.login
# Workers' login through their organisation's own OpenID Connect provider (decision 0041).
EENLOKET_WORKER_LOGIN = CONFIG.worker_login
# Documents a citizen brings (scanned letters): accepted types and the largest size.
EENLOKET_DOCUMENT_MAX_BYTES = int(os.environ.get("EENLOKET_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))
MEDIA_ROOT = CONFIG.var_dir / "media"
# Figures (docs/insights.md): a cell counting fewer distinct persons than this shows no number.
# At least 5; a system check refuses anything else (insights/checks.py).
EENLOKET_INSIGHTS_MIN_PERSONS = os.environ.get("EENLOKET_INSIGHTS_MIN_PERSONS", "10")
# Documents added from the portal (documents app): folder under MEDIA_ROOT, and the virus
# scanner (clamd: tcp://host:port or unix:///path). Without a scanner, production refuses every
# upload; demo mode accepts it marked "not scanned" (docs/decisions/0029).
EENLOKET_DOCUMENT_DIR = os.environ.get("EENLOKET_DOCUMENT_DIR", "uploads").strip("/") or "uploads"
EENLOKET_CLAMD = os.environ.get("EENLOKET_CLAMD", "").strip()
EENLOKET_CLAMD_TIMEOUT = float(os.environ.get("EENLOKET_CLAMD_TIMEOUT", "30"))
# Django's own limits: files above 2.5 MB go to a temporary file, not memory; the size limit of
# a document is enforced while reading (documents/uploads.py), and the form fields other than
# files stay small. The web server in front should allow a body a little above the limit.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_PERMISSIONS = 0o600
# A signed checkpoint of each log chain after this many new entries (and at every verify).
EENLOKET_LOG_CHECKPOINT_EVERY = 1000
# Lanes per log: that many writers append at once without waiting (decision 0054). Lowering it
# later is safe (verify walks every lane that has a chain head); the migration makes 16.
EENLOKET_LOG_LANES = int(os.environ.get("EENLOKET_LOG_LANES", "16"))
# Views, API endpoints and jobs obtain persons and cases only through the policy point (access/);
# this makes a bypass fail loudly instead of leaking quietly (see core/policy_guard.py).
EENLOKET_ENFORCE_POLICY_POINT = True

SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = CONFIG.allowed_hosts
CSRF_TRUSTED_ORIGINS = CONFIG.trusted_origins

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    # The partner API's interactive docs: its templates and static files (no CDN).
    "ninja",
    "eenloket.core",
    "eenloket.calendars",
    "eenloket.accounts",
    "eenloket.directory",
    "eenloket.people",
    "eenloket.cases",
    "eenloket.consent",
    "eenloket.access",
    "eenloket.guide",
    "eenloket.assessment",
    "eenloket.applications",
    "eenloket.entitlements",
    "eenloket.handovers",
    "eenloket.teamwork",
    "eenloket.appointments",
    "eenloket.outcomes",
    "eenloket.insights",
    "eenloket.signals",
    "eenloket.portal",
    "eenloket.audit",
    "eenloket.notifications",
    "eenloket.documents",
    "eenloket.scheduling",
    "eenloket.retention",
    "eenloket.backoffice",
    "eenloket.setup",
    "eenloket.demo",
    "eenloket.api",
]

MIDDLEWARE = [
    # First: every request is served inside the policy-point guard (docs/decisions/0031).
    "eenloket.core.middleware.PolicyPointMiddleware",
    # /health/ and /ready/ for the container and the load balancer, before the host check and
    # the redirect to HTTPS (core/health.py).
    "eenloket.core.health.HealthMiddleware",
    # Reads that may be stale go to the replica, never after this client's writes (core/replica).
    "eenloket.core.replica.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "eenloket.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "eenloket.audit.middleware.TraceContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "eenloket.core.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before SessionLifetimeMiddleware, which tells a worker why their session ended.
    "django.contrib.messages.middleware.MessageMiddleware",
    "eenloket.accounts.middleware.SessionLifetimeMiddleware",
    "eenloket.accounts.middleware.ActorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "eenloket.urls"
WSGI_APPLICATION = "eenloket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eenloket.accounts.context_processors.actor",
                "eenloket.access.context_processors.capabilities_granted",
            ],
        },
    },
]

# Seconds a web worker keeps its database connection (docs/performance.md): a sync gunicorn
# worker keeps one and Django checks it before each request (CONN_HEALTH_CHECKS), so pages still
# recover by themselves after the database was away (docs/operations.md). It saves, on every
# request, the connection set-up and a new server process's cold caches (about a third of the
# worklists' time over HTTP). 0: a new connection for every request.
CONN_MAX_AGE = int(os.environ.get("EENLOKET_DB_CONN_MAX_AGE", "60"))
DATABASES = {
    "default": dj_database_url.parse(
        CONFIG.database_url, conn_max_age=CONN_MAX_AGE, conn_health_checks=CONN_MAX_AGE > 0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at the start of a transaction, so two writers wait
        # for each other instead of failing half-way (SQLite's default DEFERRED upgrades late).
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
# A PostgreSQL streaming replica for reads that may be slightly stale (core/replica.py,
# docs/deploy.md, decision 0052). Without DATABASE_REPLICA_URL everything reads the primary.
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"].strip(),
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=CONN_MAX_AGE > 0,
    )
    # Tests run against one database: the replica alias reads the primary's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["eenloket.core.replica.ReplicaRouter"]
# After a write a client reads the primary this long (seconds): longer than the replica's lag.
EENLOKET_REPLICA_PIN_SECONDS = int(os.environ.get("EENLOKET_REPLICA_PIN_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["eenloket.accounts.backends.WorkerBackend"]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: a worker is logged out after 30 idle minutes and at most 10 hours after login
# (a working day at a desk), whichever comes first. See accounts/middleware.py. The idle
# timeout is renewed once a minute, not on every request (core/middleware.py,
# SessionRenewalMiddleware): one write less per page view.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
EENLOKET_SESSION_MAX_SECONDS = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CONFIG.secure_cookies
CSRF_COOKIE_SECURE = CONFIG.secure_cookies
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = CONFIG.secure_cookies
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Login throttling, a back-off (accounts/services.py, docs/security.md): per user name, this
# many failures are free, then each failure doubles the wait before the next attempt (from
# 1 minute to at most 15); per client address, over all names, 10 free, then 10 seconds doubling
# to at most 5 minutes. Counts are forgotten after the window without a failure. A worker held
# back by name logs in with password and authenticator code together.
EENLOKET_LOGIN_MAX_FAILURES = 5
EENLOKET_LOGIN_WINDOW_SECONDS = 15 * 60
# A worker's invitation link (set-up screens, decision 0048) works once, for this many hours.
EENLOKET_INVITATION_HOURS = int(os.environ.get("EENLOKET_INVITATION_HOURS", "72"))
EENLOKET_LOGIN_BACKOFF_SECONDS = 60
EENLOKET_LOGIN_BACKOFF_MAX_SECONDS = 15 * 60
EENLOKET_LOGIN_ADDRESS_FREE_FAILURES = int(
    os.environ.get("EENLOKET_LOGIN_ADDRESS_FREE_FAILURES", "10")
)
EENLOKET_LOGIN_ADDRESS_BACKOFF_SECONDS = 10
EENLOKET_LOGIN_ADDRESS_BACKOFF_MAX_SECONDS = 5 * 60
# The second factor is asked again for sensitive actions (export, break-glass, role changes)
# when it was last given longer ago than this (backoffice/step_up.py).
EENLOKET_STEP_UP_SECONDS = 5 * 60

SECURE_HSTS_SECONDS = CONFIG.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = CONFIG.is_production
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind our own TLS proxy: it says the scheme, and the client's address is the last entry of
# X-Forwarded-For (the one the proxy added; earlier entries are the client's to invent).
EENLOKET_BEHIND_TLS_PROXY = os.environ.get("EENLOKET_BEHIND_TLS_PROXY", "").lower() in {
    "1",
    "true",
    "yes",
}
if EENLOKET_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = CONFIG.is_production

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = CONFIG.var_dir / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Demo and tests serve static files straight from the apps; production serves the collected
# files (eenloket collectstatic), with WhiteNoise adding caching headers.
WHITENOISE_USE_FINDERS = not CONFIG.is_production
WHITENOISE_AUTOREFRESH = False

# Mail: SMTP in every mode (the demo points at a local server or fails visibly per attempt).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "").lower() in {"1", "true", "yes"}
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "eenloket <noreply@eenloket.example>")
EENLOKET_MAIL_DOMAIN = os.environ.get("EENLOKET_MAIL_DOMAIN", "eenloket.example")
EENLOKET_DESK_PHONE = os.environ.get("EENLOKET_DESK_PHONE", "14 030")
# The deployment's privacy statement, named in every consent receipt.
EENLOKET_PRIVACY_URL = os.environ.get("EENLOKET_PRIVACY_URL", "/privacyverklaring/")
EENLOKET_SMS_GATEWAY = os.environ.get(
    "EENLOKET_SMS_GATEWAY", "eenloket.notifications.gateways.FileSmsGateway"
)

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "eenloket": {"handlers": ["console"], "level": "INFO"},
        "django.request": {"handlers": ["console"], "level": "WARNING"},
    },
}
