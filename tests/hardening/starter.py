"""``python starter.py GO_FILE COMMAND ARGS…``: ``manage.py COMMAND ARGS…``, but
started in step with other processes: Django is set up first, then the
process prints ``ready`` and waits for GO_FILE, so that concurrent imports
really overlap instead of being spread by interpreter start-up times."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> None:
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    print("ready", flush=True)
    go = Path(sys.argv[1])
    while not go.exists():
        time.sleep(0.001)
    execute_from_command_line(["manage.py", *sys.argv[2:]])


if __name__ == "__main__":
    main()
