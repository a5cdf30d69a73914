"""Settings for the test suite: production settings with a fixed test key.

The environment still decides the database (DATABASE_URL), so the same suite
runs on SQLite and on PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "tuphap-test-key-not-for-production-" + "x" * 20)
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from tuphap.settings import *  # noqa: E402,F403
from tuphap.settings import STORAGES  # noqa: E402

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TUPHAP_REPORT_SECTIONS_STRICT = True  # a failing section of the quarterly report fails the test

# A file, not memory, for SQLite test databases: concurrent tests (threads with
# their own connections) then wait on the WAL lock as production does, instead
# of failing with shared-cache "table is locked" errors.
from tuphap.settings import DATABASES, VAR_DIR  # noqa: E402

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
