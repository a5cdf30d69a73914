"""Compile every .po catalogue under the project to .mo (pure Python, via polib).

Django's compilemessages needs GNU gettext; this needs nothing outside the
virtual environment, so `make` works on a fresh machine. The work is done by
tuphap.core.catalogues, which the package build and the settings use too.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tuphap.core.catalogues import compile_catalogues


class Command(BaseCommand):
    help = "Compile the .po translation catalogues to .mo files (no GNU gettext needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="compile every catalogue, even an up-to-date one")

    def handle(self, *args: Any, **options: Any) -> None:
        written = compile_catalogues(Path(settings.BASE_DIR), force=options["force"])
        self.stdout.write(f"compiled {len(written)} catalogue(s)")
