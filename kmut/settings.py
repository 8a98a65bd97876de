"""Settings for kmut: the only settings module. Every deploy-specific value comes from the
environment (see .env.example and README.md); importing it reads and changes nothing else."""

import importlib.util
from datetime import timedelta
from email.utils import formataddr
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# Reads os.environ only; the entry points put a `.env` file's values there first (kmut/envfile.py).
env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see .env.example)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_q",
    "kmut",
    "actors",
    "roundtable",
    "volunteers",
    "consultations",
    "reporting",
    # Demo data and its commands, apart from the apps (docs/decisions/0032).
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "kmut.middleware.HealthCheckMiddleware",  # before anything that reads the database
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kmut.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kmut.middleware.StaffIdleTimeoutMiddleware",
    "kmut.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kmut.urls"
WSGI_APPLICATION = "kmut.wsgi.application"
ASGI_APPLICATION = "kmut.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kmut.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite under var/ by default (nothing to install), PostgreSQL via DATABASE_URL.
# The folder of an SQLite file is created at startup (KmutConfig.ready), not here.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'kmut.sqlite3'}")}
# Persistent connections: a request reuses its thread's open connection (checked before reuse)
# instead of opening a new one; with PostgreSQL that raised the dashboard's throughput 1.4×.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # three days, also used for invitations

# Login throttling (django-axes), two rules (kmut.login_throttling.OfficeAxesHandler): a user name
# at one address is locked after AXES_FAILURE_LIMIT failures, an address after
# KMUT_AXES_IP_FAILURE_LIMIT failures across all user names.
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
KMUT_AXES_IP_FAILURE_LIMIT = env.int("DJANGO_AXES_IP_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "kmut.login_throttling.OfficeAxesHandler"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Sessions: sessions end after a working day or when the browser closes; staff sessions (office
# data) also end after KMUT_STAFF_IDLE_MINUTES without a request (kmut.middleware).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_AGE", default=60 * 60 * 10)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
KMUT_STAFF_IDLE_MINUTES = env.int("KMUT_STAFF_IDLE_MINUTES", default=30)

# Two-factor authentication (django-otp): staff and administrators confirm each login with a
# code from an authenticator app (TOTP) or a backup code. Only a development or training
# instance may switch it off.
KMUT_REQUIRE_2FA = env.bool("KMUT_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = env.str("KMUT_OTP_ISSUER", default="KMuT")

# Internationalisation: German UI, English msgids, English as second language.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date and time style per language (kmut/formats/en: "22 Sep 2026, 17:00", 24-hour clock).
FORMAT_MODULE_PATH = ["kmut.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static"))
# Bootstrap comes from the bootstrap-wrapper package (a namespace package holding css/ and js/).
BOOTSTRAP_DIR = Path(importlib.util.find_spec("bootstrap").submodule_search_locations[0])
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", BOOTSTRAP_DIR)]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))


def s3_media_storage(environ) -> dict | None:
    """Uploaded files in an S3-compatible bucket (several app servers without shared disk).

    Needs the `s3` extra (django-storages with boto3). Files stay private: no public ACL, and
    the app serves them itself after its permission checks (never by a bucket URL).
    """
    bucket = environ.str("DJANGO_MEDIA_S3_BUCKET", default="")
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "location": environ.str("DJANGO_MEDIA_S3_PREFIX", default=""),
        "default_acl": "private",
        "file_overwrite": False,
    }
    for option, variable in (
        ("endpoint_url", "DJANGO_MEDIA_S3_ENDPOINT_URL"),
        ("region_name", "DJANGO_MEDIA_S3_REGION"),
        ("access_key", "DJANGO_MEDIA_S3_ACCESS_KEY"),
        ("secret_key", "DJANGO_MEDIA_S3_SECRET_KEY"),
    ):
        if value := environ.str(variable, default=""):
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


if media_storage := s3_media_storage(env):
    STORAGES["default"] = media_storage
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: console in development, EMAIL_URL (e.g. smtp+tls://user:password@host:587) otherwise.
# Each setting the URL can carry is named here; a part the URL leaves out keeps Django's default.
email_config = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
EMAIL_BACKEND = email_config["EMAIL_BACKEND"]
EMAIL_HOST = email_config["EMAIL_HOST"] or "localhost"
EMAIL_PORT = email_config["EMAIL_PORT"] or 25
EMAIL_HOST_USER = email_config["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = email_config["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = email_config.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = email_config.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = email_config["EMAIL_FILE_PATH"] or None  # filemail:///path/to/folder
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="kmut@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Administration", a) for a in env.list("DJANGO_ADMINS", default=[])]

# Security: strict by default, relaxed only by DJANGO_DEBUG.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # monitoring may ask over plain HTTP inside the network
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): own files only, no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# crispy adds the widget's class name as a CSS class; FastSelect keeps the plain select's.
CRISPY_CLASS_CONVERTERS = {"fastselect": "select"}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        # PDF rendering: WeasyPrint and its font subsetter (fontTools) report each step at INFO
        # and DEBUG, some forty lines per PDF; only their warnings concern anyone.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Name of the district shown in the header and on documents.
KMUT_DISTRICT_NAME = env.str("KMUT_DISTRICT_NAME", default="Landkreis Lüchow-Dannenberg")
# The office as sender of every e-mail ("name <address>"), ORGANIZER of meeting invitations and
# the shared mailbox that gets the staff reminders (besides the Koordination and Leitung accounts).
KMUT_OFFICE_NAME = env.str(
    "KMUT_OFFICE_NAME", default=f"Koordinierungsstelle Migration und Teilhabe {KMUT_DISTRICT_NAME}"
)
KMUT_OFFICE_EMAIL = env.str("KMUT_OFFICE_EMAIL", default=DEFAULT_FROM_EMAIL)
DEFAULT_FROM_EMAIL = formataddr((KMUT_OFFICE_NAME, KMUT_OFFICE_EMAIL))
# Domain in the UIDs of meeting invitations and calendar feeds (meeting-<pk>@<domain>): two
# districts running kmut must differ. Default: the first host name in DJANGO_ALLOWED_HOSTS.
KMUT_CALENDAR_DOMAIN = env.str(
    "KMUT_CALENDAR_DOMAIN",
    default=next(
        (
            host.lstrip(".")
            for host in ALLOWED_HOSTS
            if "*" not in host and ":" not in host and any(c.isalpha() for c in host)
        ),
        "localhost",
    ),
)
# The district's account that pays volunteers' expenses (debtor of the SEPA transfers).
KMUT_PAYER_NAME = env.str("KMUT_PAYER_NAME", default=KMUT_DISTRICT_NAME)
# A demo account only when DEBUG; a production instance must set its own (deploy check kmut.E001).
KMUT_PAYER_IBAN = env.str("KMUT_PAYER_IBAN", default="DE02120300000000202051" if DEBUG else "")
KMUT_PAYER_BIC = env.str("KMUT_PAYER_BIC", default="BYLADEM1001" if DEBUG else "")
# Consultation log: clients are anonymised this many years after their last contact; staff are
# warned this many days before (dashboard).
KMUT_CONSULTATION_RETENTION_YEARS = env.int("KMUT_CONSULTATION_RETENTION_YEARS", default=3)
KMUT_CONSULTATION_WARNING_DAYS = env.int("KMUT_CONSULTATION_WARNING_DAYS", default=30)
# Backups (manage.py backup/restore, docs/deploy.md): the archive is encrypted with age to these
# public keys (age1..., comma-separated). The server needs only the public keys; the secret key
# file stays offline and is given to restore with --identity (or KMUT_BACKUP_IDENTITY_FILE on a
# machine that restores). Without a public key `backup` refuses to run.
KMUT_BACKUP_RECIPIENTS = env.list("KMUT_BACKUP_RECIPIENTS", default=[])
KMUT_BACKUP_IDENTITY_FILE = env.str("KMUT_BACKUP_IDENTITY_FILE", default="")
# Address of this instance, for links in e-mails sent by background jobs (no request to ask).
KMUT_BASE_URL = env.str("KMUT_BASE_URL", default="http://127.0.0.1:8000" if DEBUG else "")

# Background jobs (django-q2, docs/decisions/0014-background-jobs-django-q2.md): the database is
# the queue, so SQLite needs nothing more and several workers on one PostgreSQL share the work;
# `manage.py qcluster` is the worker, `manage.py sync_schedules` writes the schedules.
Q_CLUSTER = {
    "name": "kmut",
    "orm": "default",
    "workers": env.int("KMUT_JOB_WORKERS", default=1),
    "timeout": 15 * 60,  # seconds a job may run
    "retry": 20 * 60,  # a job not acknowledged after this is handed out again (worker died)
    "max_attempts": 1,
    "catch_up": False,  # after downtime a schedule runs once, not once per missed day
    "save_limit": 500,  # successful runs kept; failures are kept until deleted
    "ack_failures": True,
    "poll": 2,
    "label": "Hintergrundaufgaben",
}

# Reminders (background jobs): certificates of good conduct due within this many weeks; update
# requests reminded this many days after sending (and again after twice as many); exported payment
# runs not booked after this many days.
KMUT_CERTIFICATE_REMINDER_WEEKS = env.int("KMUT_CERTIFICATE_REMINDER_WEEKS", default=4)
KMUT_UPDATE_REQUEST_REMINDER_DAYS = env.int("KMUT_UPDATE_REQUEST_REMINDER_DAYS", default=14)
KMUT_PAYMENT_RUN_REMINDER_DAYS = env.int("KMUT_PAYMENT_RUN_REMINDER_DAYS", default=7)
