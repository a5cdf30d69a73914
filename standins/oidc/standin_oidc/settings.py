"""Settings of the stand-in provider: everything from the environment that ``run.py`` sets."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = os.environ.get("STANDIN_SECRET_KEY", "standin-oidc-only-on-loopback")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_URL = os.environ["STANDIN_SITE_URL"]  # http://127.0.0.1:<port>

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
    "standin_oidc",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "standin_oidc.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["STANDIN_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
LANGUAGE_CODE = "vi"
LOGIN_URL = "/login/"
SESSION_COOKIE_NAME = "standin_oidc_session"  # never the same cookie as tuphap's on 127.0.0.1
CSRF_COOKIE_NAME = "standin_oidc_csrf"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
OIDC_USERINFO = "standin_oidc.claims.userinfo"
OIDC_IDTOKEN_SUB_GENERATOR = "standin_oidc.claims.subject"
OIDC_EXTRA_SCOPE_CLAIMS = "standin_oidc.claims.CitizenScopeClaims"
OIDC_IDTOKEN_INCLUDE_CLAIMS = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
