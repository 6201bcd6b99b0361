"""Settings for guidesite. Everything that varies per deploy comes from the environment."""

import re
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file beside manage.py (never committed; `make run` writes one for development) fills in
# what the environment leaves unset. ENV_FILE names another file; empty reads none (the tests).
ENV_FILE = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE:
    environ.Env.read_env(ENV_FILE)

# Core
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 (DEBUG only)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# In development the default follows the port `make run` serves on (PORT=8100 make run).
SITE_URL = env.str(
    "SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000) if DEBUG else 8000}"
).rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Guidesite")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Site search on PostgreSQL: the SearchVectorField and trigram lookups (guidesite/search/).
    "django.contrib.postgres",
    # See "Sign-in throttling" and "Two-factor sign-in" below.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The queue of background tasks (notification emails) for TASKS_BACKEND=database.
    "django_tasks_db",
    # The recorded history of schools, programs, careers and site pages (core/history.py).
    "simple_history",
    # The project's own apps, lowest layer first (docs/architecture.md); guidesite composes them
    # and holds the demo content and its load_demo command.
    "core",
    "programs",
    "careers",
    "articles",
    "guidesite",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside every other middleware: it sees the response as they left it (cookies, Vary, the
    # CSRF token) to decide public or private, then compresses public ones.
    "core.http_caching.HttpCachingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.DropNulFromQueryMiddleware",
    # Before CSRF: a method the view does not take is a 405, never a CSRF failure.
    "core.middleware.AllowedMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who made a change, for the history of every save in the request (core/history.py).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "guidesite.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as axes asks: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guidesite.urls"
WSGI_APPLICATION = "guidesite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "core.context_processors.site",
                "guidesite.context_processors.disclosure",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (or any) by DATABASE_URL
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Planner costs for a database in memory or on SSD, where reading a random page costs about
    # what a sequential one does (PostgreSQL's default, 4, assumes spinning disks): search and
    # the finder then use their indexes. Per connection, so other databases keep their own.
    _random_page_cost = env.float("PG_RANDOM_PAGE_COST", default=1.1)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={_random_page_cost}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; a shared Redis (CACHE_URL=redis://...) for several servers
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
CACHE_MIDDLEWARE_SECONDS = env.int("CACHE_SECONDS", default=300)

# HTTP caching (core/http_caching.py): how long browsers (CACHE_MAX_AGE) and shared caches, a
# reverse proxy or a CDN (CACHE_S_MAXAGE), may keep a public page. Proxies are purged on publish,
# browsers are not: keep CACHE_MAX_AGE short.
CACHE_MAX_AGE = env.int("CACHE_MAX_AGE", default=60)
CACHE_S_MAXAGE = env.int("CACHE_S_MAXAGE", default=3600)
if CACHE_MAX_AGE < 0 or CACHE_S_MAXAGE < 0:
    raise ImproperlyConfigured("CACHE_MAX_AGE and CACHE_S_MAXAGE must be 0 or more.")
# The reverse proxies purged when live content changes (core/frontend_cache.py), e.g.
# http://127.0.0.1:6081; empty on a single machine without one. FRONTEND_CACHE_TIMEOUT: seconds.
FRONTEND_CACHE_URLS = [
    url.strip().rstrip("/") for url in env.list("FRONTEND_CACHE_URLS", default=[])
]
_PROXY_URL = re.compile(r"https?://(\[[0-9a-fA-F:]+\]|[^/\s:\[\]]+)(:\d+)?")
if bad := [url for url in FRONTEND_CACHE_URLS if not _PROXY_URL.fullmatch(url)]:
    raise ImproperlyConfigured(
        f"FRONTEND_CACHE_URLS lists addresses like http://127.0.0.1:6081, not {bad[0]!r}."
    )
FRONTEND_CACHE_TIMEOUT = env.float("FRONTEND_CACHE_TIMEOUT", default=1.0)
# gzip and Brotli for HTML and JSON when nothing in front compresses (core/http_caching.py); off
# when a proxy or CDN compresses, so the work is done once.
COMPRESS_RESPONSES = env.bool("COMPRESS_RESPONSES", default=True)
# Never public, whoever asks: the admin and preview links (the proxy passes them too).
PRIVATE_PATHS = ["/admin/", "/preview/"]

# Email: console in development; EMAIL_URL (smtp+tls://user:pass@host:587) in production,
# defaulting to the local mail server
_email = env.email("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            option: _email[key]
            for option, key in [
                ("host", "EMAIL_HOST"),
                ("port", "EMAIL_PORT"),
                ("username", "EMAIL_HOST_USER"),
                ("password", "EMAIL_HOST_PASSWORD"),
                ("use_tls", "EMAIL_USE_TLS"),
                ("use_ssl", "EMAIL_USE_SSL"),
            ]
            if _email.get(key) and "smtp" in _email["EMAIL_BACKEND"]
        },
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="guidesite <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django.tasks): notification emails are queued, so a slow or down mail server
# delays mail, never an editor's step or the publish_scheduled job. "database" (the default with
# DEBUG off) keeps the queue in the database for `manage.py db_worker` (django-tasks-db), and an
# email the mail server refused is queued again for later; "immediate" (the default with DEBUG
# on) runs each task at once, in the process that queued it, and cannot wait to try again.
_tasks_backend = env.str("TASKS_BACKEND", default="immediate" if DEBUG else "database")
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
if _tasks_backend not in _task_backends:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be database or immediate, not {_tasks_backend!r}."
    )
TASKS = {"default": {"BACKEND": _task_backends[_tasks_backend]}}

# History (core/history.py): a change's reason is text of any length (a checker's note, say).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Editorial workflow: a version in review for longer than this shows as stalled to editors
STALLED_REVIEW_DAYS = env.int("STALLED_REVIEW_DAYS", default=7)

# Data to check (admin page, manage.py data_to_check): a program's tuition or admission data
# last checked more than DATA_STALE_MONTHS ago are due, and a guide whose last expert review is
# older than REVIEW_DUE_MONTHS.
DATA_STALE_MONTHS = env.int("DATA_STALE_MONTHS", default=12)
REVIEW_DUE_MONTHS = env.int("REVIEW_DUE_MONTHS", default=12)

# Synthetic schools and programs (manage.py generate_programs, for benchmarks) are left out of
# the sitemap and site search unless this is on, as a benchmark wants them. After changing it,
# run manage.py rebuild_search_index.
SHOW_SYNTHETIC = env.bool("SHOW_SYNTHETIC", default=False)
if DATA_STALE_MONTHS < 1 or REVIEW_DUE_MONTHS < 1:
    raise ImproperlyConfigured("DATA_STALE_MONTHS and REVIEW_DUE_MONTHS must be 1 or more.")

# Auth
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where signing in lands when the form's `next` is missing or refused (another site's address).
LOGIN_REDIRECT_URL = "admin:index"

# Sign-in throttling (django-axes, guidesite/signin.py): after AXES_FAILURE_LIMIT failed
# sign-ins for one username, or AXES_IP_FAILURE_LIMIT from one address, within
# AXES_COOLOFF_MINUTES, sign-in is refused for that long, even with the right password.
AUTHENTICATION_BACKENDS = [
    "guidesite.signin.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)  # ours, not axes'
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "guidesite.signin.ThrottleHandler"
AXES_USERNAME_CALLABLE = "guidesite.signin.username"
AXES_CLIENT_IP_CALLABLE = "guidesite.signin.client_address"
AXES_LOCKOUT_CALLABLE = "guidesite.signin.lockout"
AXES_VERBOSE = False  # no banner on every manage.py command
# Refused attempts during a lockout do not extend it: it ends when the page says it will.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind proxies (load balancer, nginx) REMOTE_ADDR is the proxy's: say how many append to
# X-Forwarded-For, so each client is counted by its own address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Two-factor sign-in (django-otp, guidesite/two_factor.py): optional for every staff member;
# required for those named in OTP_REQUIRED_FOR ("reviewers", "administrators").
OTP_REQUIRED_FOR = [
    w.strip().lower() for w in env.list("OTP_REQUIRED_FOR", default=[]) if w.strip()
]
if unknown := set(OTP_REQUIRED_FOR) - {"reviewers", "administrators"}:
    raise ImproperlyConfigured(
        f"OTP_REQUIRED_FOR may name reviewers and administrators, not {', '.join(unknown)}."
    )
OTP_TOTP_ISSUER = SITE_NAME

# Internationalization
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

# Static and media files
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads: portraits and logos are small; anything larger is refused before Pillow opens it
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Pages load nothing from other hosts and run no inline script: scripts are static files. JSON-LD
# data blocks are not scripts and need no nonce, so a public page holds nothing per request.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Logging: everything to stderr, where gunicorn and systemd collect it
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # axes logs every sign-in at INFO; its failures and our lockout lines are warnings.
    # django.tasks logs every task's start and end at INFO (db_worker turns that on for itself).
    "loggers": {"axes": {"level": "WARNING"}, "django.tasks": {"level": "WARNING"}},
}
