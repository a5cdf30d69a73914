"""Settings of the server, worker and command processes that the hardening
tests start: the production settings (``DEBUG=0``, the database from
``DATABASE_URL``) with outgoing messages written to files, and an optional
fault: the process kills itself (SIGKILL) at a chosen SQL statement.

- ``HARDENING_MAIL_DIR``: Django's file-based email backend writes there.
- ``HARDENING_SMS_DIR``: the SMS gateway writes one file per message there.
- ``HARDENING_SEND_DELAY``: seconds each message takes to send (a slow
  carrier), so that a kill lands in the middle of a drain.
- ``HARDENING_KILL_SQL`` and ``HARDENING_KILL_NTH``: SIGKILL this process just
  before it executes the nth statement matching the regular expression (the
  worst moment, e.g. after a message went out and before it is marked sent);
  ``HARDENING_KILL_ONCE``: a file that lets only the first process die.
- ``HARDENING_OUTBOX_LEASE``: seconds a claimed outbox message waits before
  another worker may send it again (short here so a test need not wait).
"""

import os

from tuphap.settings import *  # noqa: F403
from tuphap.settings import STORAGES

# no collectstatic needed: pages render with plain static URLs
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

if os.environ.get("HARDENING_MAIL_DIR"):
    MAILERS = {
        "default": {
            "BACKEND": "tests.hardening.sinks.SlowFileEmailBackend",
            "OPTIONS": {"file_path": os.environ["HARDENING_MAIL_DIR"]},
        }
    }
if os.environ.get("HARDENING_SMS_DIR"):
    TUPHAP_SMS_GATEWAY = "tests.hardening.sinks.FileSmsGateway"
TUPHAP_OUTBOX_LEASE_SECONDS = float(os.environ.get("HARDENING_OUTBOX_LEASE", "300"))

if os.environ.get("HARDENING_KILL_SQL"):
    from tests.hardening.faults import install_kill_switch

    install_kill_switch(
        os.environ["HARDENING_KILL_SQL"],
        int(os.environ.get("HARDENING_KILL_NTH", "1")),
        os.environ.get("HARDENING_KILL_ONCE", ""),
    )
