"""The one settings module. Every knob comes from an environment variable.

Defaults make `make run` work on the embedded SQLite database; production sets at least
SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS (see README).
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from thidua.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("THIDUA_VAR_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "axes",
    # Two-factor login (TOTP) for the province office and system admins.
    "django_otp",
    "django_otp.plugins.otp_totp",
    # django-ninja's own static files: the API docs page loads Swagger from here, not a CDN.
    "ninja",
    # The task queue's consumer command (`thidua run_huey`) and its Django integration.
    "huey.contrib.djhuey",
    "thidua",
    "thidua.core",
    "thidua.organisations",
    "thidua.documents",
    "thidua.cycles",
    "thidua.awards",
    "thidua.news",
    "thidua.movements",
    "thidua.reminders",
    "thidua.dashboards",
    "thidua.api",
    "thidua.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session confirmed a one-time code?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An enrolled user's unverified session reaches only the code step (and logout).
    "thidua.web.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "thidua.web.middleware.DomainErrorMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.web.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
SQLITE_SYNCHRONOUS = env_str("SQLITE_SYNCHRONOUS", "NORMAL").upper()
if SQLITE_SYNCHRONOUS not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
    raise ImproperlyConfigured("SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the one writer work at once; the wait avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        # 64 MiB of page cache per connection (the default is 2 MiB): an import's index pages
        # stay in memory instead of being spilled to the WAL and read back many times.
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={SQLITE_SYNCHRONOUS}; PRAGMA cache_size=-65536;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # Tests use a file too, not SQLite's shared in-memory database: its table locks fail at
        # once instead of waiting, which would hide how the application behaves under
        # concurrent writers.
        DATABASES["default"]["TEST"] = {"NAME": str(Path(DATABASES["default"]["NAME"]).with_suffix(".test.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend that also reads, with the user, whether a two-factor device is confirmed.
    "thidua.organisations.backends.AccountBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
# Two-factor login (README "Xác thực hai bước"): optional for the province office and system
# admins; with THIDUA_REQUIRE_2FA they must enrol before using any other page.
THIDUA_REQUIRE_2FA = env_bool("THIDUA_REQUIRE_2FA", False)
# Wrong codes in a row before the code step locks (for AXES_COOLOFF_MINUTES); each wrong code is
# also recorded by django-axes as a failed login of that user.
THIDUA_OTP_FAILURE_LIMIT = env_int("THIDUA_OTP_FAILURE_LIMIT", AXES_FAILURE_LIMIT)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "ThiĐua")
# django-otp's own exponential back-off is replaced by the lock above (a fixed number of tries
# per cool-off period), which is easier to explain to a user; failures are still counted.
OTP_TOTP_THROTTLE_FACTOR = 0
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["thidua.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("THIDUA_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)

# Security: strict by default, relaxed only for local development (DEBUG) and tests.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: our own files only, no inline script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"

# The audit history is never edited, only read (thidua/core/admin.py; test_security.py).
SIMPLE_HISTORY_EDIT = False
SIMPLE_HISTORY_REVERT_DISABLED = True

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thidua@localhost")
# SMTP, used when EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true")
# Absolute links in e-mails are built on this address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background tasks: huey with its queue in a SQLite file (no Redis). `thidua run_huey` is the
# consumer (`make run` starts it); HUEY_IMMEDIATE=true runs tasks in the calling process instead
# (the tests do), which also means periodic tasks never fire by themselves.
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
HUEY = {
    "name": "thidua",
    "huey_class": "huey.SqliteHuey",
    "filename": env_str("HUEY_FILE", str(VAR_DIR / "huey.sqlite3")),
    "immediate": HUEY_IMMEDIATE,
    "results": False,  # nothing reads task results; do not keep them
    "utc": False,  # crontab hours are in TIME_ZONE (Django sets the process's time zone)
    "consumer": {"workers": env_int("HUEY_WORKERS", 1), "worker_type": "thread"},
}
if not HUEY_IMMEDIATE:
    Path(HUEY["filename"]).parent.mkdir(parents=True, exist_ok=True)


def _reminder_days(raw: str) -> list[int]:
    try:
        days = sorted({int(part) for part in raw.split(",") if part.strip()})
    except ValueError:
        raise ImproperlyConfigured(f"THIDUA_REMINDER_DAYS={raw!r}: expected integers such as 7,1,0,-3") from None
    if not days:
        raise ImproperlyConfigured("THIDUA_REMINDER_DAYS must name at least one day")
    return days


# Reminder e-mails: days before the due date (0: the due day, negative: days overdue), and when
# the daily run happens (hour and minute in TIME_ZONE).
THIDUA_REMINDER_DAYS = _reminder_days(env_str("THIDUA_REMINDER_DAYS", "7,1,0,-3"))
THIDUA_REMINDER_HOUR = env_int("THIDUA_REMINDER_HOUR", 7)
THIDUA_REMINDER_MINUTE = env_int("THIDUA_REMINDER_MINUTE", 0)
if not (0 <= THIDUA_REMINDER_HOUR <= 23 and 0 <= THIDUA_REMINDER_MINUTE <= 59):
    raise ImproperlyConfigured("THIDUA_REMINDER_HOUR must be 0-23 and THIDUA_REMINDER_MINUTE 0-59")

# The province this installation serves; used in documents ("Lạng Sơn, ngày … tháng …").
WHITENOISE_USE_FINDERS = DEBUG or env_bool("THIDUA_PLAIN_STATIC", False)

THIDUA_PROVINCE_NAME = env_str("THIDUA_PROVINCE_NAME", "Lạng Sơn")
# LibreOffice turns generated DOCX into PDF.
THIDUA_SOFFICE = env_str("THIDUA_SOFFICE", "soffice")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
