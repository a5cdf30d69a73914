"""Fault injection for the processes the hardening tests start: a real SIGKILL
at a chosen SQL statement (see ``proc_settings``). No Django import at module
level: the settings module installs it."""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Callable
from typing import Any


def install_kill_switch(pattern: str, nth: int, once: str = "") -> None:
    """SIGKILL this process just before it runs the ``nth`` SQL statement
    matching ``pattern``; with ``once`` (a file path), only the first process
    of those sharing it dies (granian's workers, a respawned one)."""
    from django.db.backends.signals import connection_created

    wanted = re.compile(pattern, re.IGNORECASE | re.DOTALL)
    seen = [0]

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if wanted.search(sql):
            seen[0] += 1
            if seen[0] == nth and _first(once):
                os.kill(os.getpid(), signal.SIGKILL)
        return execute(sql, params, many, context)

    def install(sender: Any, connection: Any, **kwargs: Any) -> None:
        if wrapper not in connection.execute_wrappers:
            connection.execute_wrappers.append(wrapper)

    connection_created.connect(install, weak=False)


def _first(marker: str) -> bool:
    if not marker:
        return True
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True
