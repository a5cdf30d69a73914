import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.core.services import api_token_create


class Command(BaseCommand):
    help = "Create an API bearer token for USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="a label for the token, e.g. the program using it")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user_model = get_user_model()
        if not user_model.objects.filter(username=username, is_active=True).exists():
            raise CommandError(f"Không có tài khoản đang hoạt động tên “{username}”.")
        try:
            account = getpass.getuser()
        except (OSError, KeyError):  # no login name in a bare container
            account = "?"
        operator = f"manage.py create_api_token ({account})"
        self.stdout.write(api_token_create(actor=None, username=username, name=name, operator=operator))
