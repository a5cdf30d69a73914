"""A stand-in SMTP server on loopback (aiosmtpd), for the tests and the demo.

Every message it accepts is written whole, as received, to a file in
``SMTP_MAILDIR`` (``<n>.eml``, written to a temporary name and renamed, so a
reader never sees half a message) and a line on stdout. ``SMTP_PORT`` (0: any
free port); it prints ``smtp listening on 127.0.0.1:<port>`` once it listens.
Run by ``scripts/standin-smtp``.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import sys
import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class Maildir:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.counter = itertools.count(1)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        n = next(self.counter)
        header = f"X-Envelope-From: {envelope.mail_from}\r\nX-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n"
        content = envelope.original_content or envelope.content
        tmp = self.folder / f".{n}.tmp"
        tmp.write_bytes(header.encode() + content)
        tmp.rename(self.folder / f"{n}.eml")
        print(f"smtp: message {n} from {envelope.mail_from} to {', '.join(envelope.rcpt_tos)}", flush=True)
        return "250 Message accepted for delivery"


def main() -> None:
    folder = Path(os.environ.get("SMTP_MAILDIR", "var/mail"))
    host = os.environ.get("SMTP_HOST", "127.0.0.1")
    port = int(os.environ.get("SMTP_PORT", "8025"))
    if port == 0:  # aiosmtpd needs a number: take one the system says is free
        with socket.socket() as probe:
            probe.bind((host, 0))
            port = probe.getsockname()[1]
    controller = Controller(Maildir(folder), hostname=host, port=port)
    controller.start()
    print(f"smtp listening on {host}:{port}", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    controller.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
