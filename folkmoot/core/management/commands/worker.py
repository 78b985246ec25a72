from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background jobs from the database queue (django-tasks-db's db_worker)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--backend", default="default", help="The task backend to take jobs from.")

    def handle(self, *args, **options):
        extra = ["--batch", "--no-startup-delay"] if options["batch"] else []
        call_command(
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            str(options["interval"]),
            "--no-reload",
            "--backend",
            options["backend"],
            *extra,
        )
