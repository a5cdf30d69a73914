"""Backup and restore of a whole installation: the database and the uploaded files.

A backup is one ``.tar.gz`` file:

- ``database.sqlite3``: a copy made with SQLite's online backup API (a
  consistent snapshot, taken while the server keeps writing), or
  ``database.pgdump``: ``pg_dump --format=custom`` of one exported snapshot;
- ``media/…``: every uploaded file (``MEDIA_ROOT``);
- ``manifest.json``, written last: the format, the engine and its version, the
  migrations applied (the schema), the rows of every table at the snapshot,
  and the size and SHA-256 of every other member.

A restore reads the whole file and checks it (every checksum, the engine, the
schema against this code's migrations, the database file or archive itself)
before it touches anything; it refuses a database or media folder that is not
empty unless forced. The database is then replaced in one transaction (SQLite:
the backup API copying into the target in one step; PostgreSQL: the SQL of
``pg_restore`` run by ``psql`` between ``BEGIN`` and a ``COMMIT`` that is only
sent once the rows of every table match the manifest), so a failure leaves the
previous database as it was. Uploaded files are staged beside ``MEDIA_ROOT``
and swapped in by renaming once the database is restored.

Nothing here uses Django's database connection: the functions take the
``DATABASES`` entry to work on, so a restore can target another database than
the one the process serves (the tests do).

The package: ``archive.py`` (the file, its manifest, backup, check and
restore), ``sqlite.py`` and ``postgresql.py`` (each engine's snapshot, check
and restore), ``common.py`` (what they share).
"""

from tuphap.core.backup.archive import backup_check, backup_create, code_migrations, restore
from tuphap.core.backup.common import MANIFEST, BackupError, Result

__all__ = ["MANIFEST", "BackupError", "Result", "backup_check", "backup_create", "code_migrations", "restore"]
