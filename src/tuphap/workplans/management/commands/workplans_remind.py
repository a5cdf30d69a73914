"""Queue the daily deadline reminders of assigned tasks (run it from cron once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Enqueue the reminders of tasks due soon or overdue for the worker (--now: run here)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="run in this process instead of the worker")

    def handle(self, *args: Any, **options: Any) -> None:
        from tuphap.workplans.tasks import remind_deadlines

        if options["now"]:
            result = remind_deadlines.call()
            self.stdout.write(
                f"{result['reminders']} reminders, {result['sent']} emails sent, {result['failed']} failed"
            )
        else:
            remind_deadlines.enqueue()
            self.stdout.write("Reminders enqueued for the worker.")
