"""Settings of tuphap, read from the environment.

Every setting a deployment changes comes from an environment variable; the
defaults give the embedded demo (SQLite under ``var/``). A bad configuration
stops the process with one line on stderr (``tuphap: configuration error: …``),
never with a traceback. What only serving needs (ALLOWED_HOSTS) is checked
where a server starts (tuphap.core.configuration).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from tuphap.core.catalogues import ensure_compiled
from tuphap.core.configuration import ConfigurationError
from tuphap.core.tz import LOCAL_TZ_NAME

BASE_DIR = Path(__file__).resolve().parent  # src/tuphap
PROJECT_DIR = BASE_DIR.parent.parent  # the repository (or the install prefix)
VAR_DIR = Path(os.environ.get("TUPHAP_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not an integer") from None


DEBUG = env_bool("DEBUG", False)

# --- Secret key ------------------------------------------------------------
# Production (DEBUG off) refuses to start without SECRET_KEY. In development a
# key is generated once into var/secret_key so that sessions survive restarts.
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigurationError(
            "SECRET_KEY is not set; production (DEBUG=0) refuses to start without it "
            "(make demo generates one into var/secret_key)"
        )
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        SECRET_KEY = key_file.read_text(encoding="ascii").strip()
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = secrets.token_urlsafe(50)
        key_file.write_text(SECRET_KEY, encoding="ascii")
        key_file.chmod(0o600)

# Needed only to serve: checked where a server starts (wsgi.py, asgi.py, runserver,
# check --deploy; tuphap.core.configuration), so management commands run without it.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])


# --- Database --------------------------------------------------------------
def database_from_url(url: str) -> dict[str, object]:
    """Turn DATABASE_URL into Django's DATABASES entry (SQLite or PostgreSQL)."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme
    except ValueError as exc:
        raise ConfigurationError(f"DATABASE_URL is not a URL ({exc})") from None
    if scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = url[len("sqlite://") :]
        if path.startswith("/"):
            path = path[1:]
        if not path:
            raise ConfigurationError("DATABASE_URL sqlite:// needs a file path, e.g. sqlite:///var/tuphap.sqlite3")
        if path == ":memory:":
            return {**sqlite_database(VAR_DIR / "unused.sqlite3"), "NAME": ":memory:"}
        name = Path(path) if Path(path).is_absolute() else PROJECT_DIR / path
        return sqlite_database(name)
    if scheme in {"postgres", "postgresql", "pgsql"}:
        import dj_database_url

        try:
            config = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        except Exception as exc:  # noqa: BLE001 - any parse failure is a config error
            raise ConfigurationError(f"DATABASE_URL cannot be parsed ({exc})") from None
        if not config.get("NAME"):
            raise ConfigurationError("DATABASE_URL has no database name")
        config["ENGINE"] = "django.db.backends.postgresql"
        # psycopg may prepare statements on the connection: only those run by ``core.rows.cursor`` and
        # ``pg_cursor`` (the hot statements written once); Django's own cursor binds on the client and never does
        options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
        options.setdefault("prepare_threshold", 5)
        config["OPTIONS"] = options
        return config
    shown = url if len(url) < 60 else url[:57] + "..."
    raise ConfigurationError(
        f"DATABASE_URL={shown!r} is not understood; use sqlite:///path or postgresql://user@host:port/name"
    )


def sqlite_database(name: Path) -> dict[str, object]:
    name.parent.mkdir(parents=True, exist_ok=True)
    return {
        # Django's, with a writer's turn before each transaction (core/backends/sqlite3/base.py)
        "ENGINE": "tuphap.core.backends.sqlite3",
        "NAME": name,
        # keep the connection: opening one runs the PRAGMAs below on every request
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


_database_url = os.environ.get("DATABASE_URL", "").strip()
DATABASES = {
    "default": database_from_url(_database_url) if _database_url else sqlite_database(VAR_DIR / "tuphap.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    if urlsplit(REDIS_URL).scheme not in {"redis", "rediss", "unix"}:
        raise ConfigurationError(f"REDIS_URL={REDIS_URL!r} is not a redis:// URL")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tuphap",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tuphap"}}
# Rate-limit counters (tuphap.core.ratelimit) in a cache of their own, so that
# clearing pages never resets them. Without Redis they live in each process's
# memory: every server process then counts on its own (weaker; see docs).
CACHES["ratelimit"] = (
    {**CACHES["default"], "KEY_PREFIX": "tuphap-rl"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tuphap-ratelimit",
    }
)

# --- Applications ----------------------------------------------------------
INSTALLED_APPS = [
    "tuphap.core",
    "tuphap.orgs",
    "tuphap.citizens",
    "tuphap.workdays",
    "tuphap.dossiers",
    "tuphap.lawdocs",
    "tuphap.portal",
    "tuphap.reports",
    "tuphap.workplans",
    "tuphap.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "tuphap.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # anonymous cached portal pages skip what follows (portal/middleware.py)
    "tuphap.portal.middleware.PublicPageShortcut",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tuphap.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tuphap.core.middleware.NulInPathMiddleware",  # 404 for a NUL in the path, before any view looks it up
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tuphap.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = os.environ.get("TUPHAP_ROOT_URLCONF", "tuphap.urls")  # benchmarks add a bare view
WSGI_APPLICATION = "tuphap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tuphap.core.context_processors.site",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username+address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "tuphap.core.login_throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "tuphap.citizens.oidc.CitizenOIDCBackend",  # citizens' single sign-on (acts only on its callback)
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "backoffice"
LOGOUT_REDIRECT_URL = "home"

# --- Language, time, formats -----------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The .mo files are built, not kept in git: the package build compiles them into
# the wheel (setup.py), and here a catalogue whose .mo is missing or older than
# its .po is compiled at start-up (next to it, or under var/locale when the
# package is read-only), so that `manage.py runserver` alone speaks Vietnamese.
LOCALE_PATHS = [BASE_DIR / "locale", *ensure_compiled(BASE_DIR, cache_dir=VAR_DIR / "locale")]
USE_I18N = True
TIME_ZONE = LOCAL_TZ_NAME
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["tuphap.formats"]

# --- Static files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- Background tasks (Django's tasks framework, database backend) ---------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Email (Django 6.1 MAILERS) ----------------------------------------------
# EMAIL_HOST set: SMTP with the EMAIL_* variables; unset: messages are written to
# the console (development and demo).
# EMAIL_BACKEND set: that backend (make demo uses the console); EMAIL_HOST set,
# or production: SMTP with the EMAIL_* variables; DEBUG: the console.
_email_backend = os.environ.get("EMAIL_BACKEND", "").strip()
if not _email_backend and (os.environ.get("EMAIL_HOST") or not DEBUG):
    _email_use_tls = env_bool("EMAIL_USE_TLS", False)
    _email_use_ssl = env_bool("EMAIL_USE_SSL", False)
    if _email_use_tls and _email_use_ssl:
        raise ConfigurationError("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 465 if _email_use_ssl else 587 if _email_use_tls else 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": _email_use_tls,
                "use_ssl": _email_use_ssl,
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": _email_backend or "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tuphap <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ----------------------------------------------------------------
# HTTPS defaults to on in production. `make demo` serves plain HTTP on
# loopback and so sets HTTPS=0.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)  # X-Forwarded-Proto/-For are trusted only then
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (Django's own middleware): scripts and styles only
# from this site or carrying the request's nonce; no inline event handlers,
# no style attributes, no plug-ins, no framing. CSP_REPORT_ONLY=1 reports
# violations to the browser's console instead of blocking (for a trial).
_csp = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],  # data: for the charts and QR codes drawn on the server
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CSP_REPORT_ONLY = _csp if env_bool("CSP_REPORT_ONLY", False) else {}
SECURE_CSP = {} if SECURE_CSP_REPORT_ONLY else _csp

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# username from one address, that pair is refused for AXES_COOLOFF_MINUTES; a
# successful login clears the count. API tokens are not concerned.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "tuphap.core.login_throttle.client_address"
AXES_LOCKOUT_CALLABLE = "tuphap.core.login_throttle.lockout_response"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_DISABLE_ACCESS_LOG = True  # successful logins: the audit log's business, not a second table of addresses
# Password spraying: failed logins from one address across all usernames, within
# the cool-off, before that address is refused (tuphap.core.login_throttle). 30:
# the department's office (some 150 accounts) sits behind one NAT address, and a
# busy morning's typos stay well under it; a sprayer gets 30 guesses per 15 minutes.
TUPHAP_LOGIN_ADDRESS_LIMIT = env_int("TUPHAP_LOGIN_ADDRESS_LIMIT", 30)
# How long an API Idempotency-Key (and a form's one-time token) is remembered
# (tuphap.core.idempotency): a retry within this time gets the first answer.
TUPHAP_IDEMPOTENCY_HOURS = env_int("TUPHAP_IDEMPOTENCY_HOURS", 24)

# Rate limits of public look-ups and searches (tuphap.core.ratelimit), per
# client address: "N/SECONDS" (or N/s, N/m, N/h); "off" disables one.
TUPHAP_RATE_LIMITS = {
    "lookup": os.environ.get("RATE_LIMIT_LOOKUP", "20/60"),  # dossier status look-up, page and API
    "lawdocs_search": os.environ.get("RATE_LIMIT_LAWDOCS_SEARCH", "120/60"),  # /van-ban/ and /api/v1/lawdocs
    "news_search": os.environ.get("RATE_LIMIT_NEWS_SEARCH", "60/60"),  # the portal's /tim-kiem/
    "feedback": os.environ.get("RATE_LIMIT_FEEDBACK", "5/3600"),  # citizens' feedback form /ho-so/phan-anh/
    "citizen_signin": os.environ.get("RATE_LIMIT_CITIZEN_SIGNIN", "20/300"),  # /cong-dan/dang-nhap/ (axes too)
    "citizen_signup": os.environ.get("RATE_LIMIT_CITIZEN_SIGNUP", "5/3600"),  # /cong-dan/dang-ky/
    "citizen_code": os.environ.get("RATE_LIMIT_CITIZEN_CODE", "10/600"),  # one-time codes tried or sent again
    "citizen_submit": os.environ.get("RATE_LIMIT_CITIZEN_SUBMIT", "20/3600"),  # online applications, page and API
}

# Uploads: a request body larger than TUPHAP_MAX_REQUEST_BYTES is refused
# (413) before it is read; each kind of upload has its own smaller limit and
# content check (dossiers.attachments, portal.images). Form fields (not files)
# are capped by DATA_UPLOAD_MAX_MEMORY_SIZE; files above
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file instead of memory.
TUPHAP_MAX_REQUEST_BYTES = env_int("MAX_REQUEST_MB", 25) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Files of legal documents (PDF, DOC, DOCX, ODT; lawdocs.services.document_file_add);
# keep it below TUPHAP_MAX_REQUEST_BYTES, which refuses the whole request first.
TUPHAP_LAWDOCS_FILE_MAX_BYTES = env_int("LAWDOCS_FILE_MAX_MB", 20) * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# --- tuphap ------------------------------------------------------------------
# The code of the agency this installation serves (orgs.Agency.code).
TUPHAP_AGENCY_CODE = os.environ.get("TUPHAP_AGENCY_CODE", "000.00.17.H09")
TUPHAP_SITE_NAME = os.environ.get("TUPHAP_SITE_NAME", "Tư pháp số")

# --- Paying online (docs/online.md) ------------------------------------------
# The payment gateway's address and the shared secret of its signed notifications
# (both unset: no online payment); the base URL the gateway calls back, when the
# site is reached through another address than the one the payer uses.
PAYGATE_URL = os.environ.get("PAYGATE_URL", "").strip()
PAYGATE_SECRET = os.environ.get("PAYGATE_SECRET", "").strip()
PAYGATE_CALLBACK_BASE = os.environ.get("PAYGATE_CALLBACK_BASE", "").strip()
# A section of the quarterly report that fails (another app's figures): raise (strict:
# development and tests), or print "could not be produced (reason)" in its place and log it.
TUPHAP_REPORT_SECTIONS_STRICT = env_bool("TUPHAP_REPORT_SECTIONS_STRICT", DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # axes: failures and lockouts
        # PDF rendering: WeasyPrint and fontTools log every layout step and font subset at INFO
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Public portal (tuphap.portal, issue 8) ----------------------------------
# django-prose-editor ships the editor's JavaScript and CSS as static files.
INSTALLED_APPS = [*INSTALLED_APPS, "django_prose_editor"]

# --- Citizens' sign-in (tuphap.citizens, issue 18) -----------------------------
# OpenID Connect (mozilla-django-oidc) for the national identity's single
# sign-on; `make demo` and the tests point it at the stand-in provider
# (standins/oidc). Without OIDC_OP_AUTHORIZATION_ENDPOINT the single sign-on
# is off and citizens use local accounts. README: "Citizens' sign-in".
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile email phone citizen")
OIDC_CLAIM_NAME = os.environ.get("OIDC_CLAIM_NAME", "name")
OIDC_CLAIM_ID_NUMBER = os.environ.get("OIDC_CLAIM_ID_NUMBER", "id_number")
OIDC_CLAIM_BIRTHDATE = os.environ.get("OIDC_CLAIM_BIRTHDATE", "birthdate")
OIDC_AUTHENTICATION_CALLBACK_URL = "citizens:oidc_callback"
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
# The desk's time to receive or refuse an online dossier, in office hours (docs/online.md: a
# setting until the legal figure is confirmed; the desk's list shows the dossiers past it).
TUPHAP_ONLINE_INTAKE_WORKING_HOURS = env_int("ONLINE_INTAKE_WORKING_HOURS", 8)
