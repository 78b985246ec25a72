from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Folkmoot on 127.0.0.1 (gunicorn; --dev for Django's auto-reloading server)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--threads", type=int, default=8, help="threads per worker (gunicorn gthread)")
        parser.add_argument("--dev", action="store_true", help="Use Django's development server.")

    def handle(self, *args, **options):
        address = f"{options['host']}:{options['port']}"
        if options["dev"]:
            call_command("runserver", address)
            return
        self.stdout.write(f"Folkmoot is running at http://{address}/ (Ctrl+C to stop)")
        sys.stdout.flush()
        os.execvp(
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "folkmoot.wsgi:application",
                "--bind",
                address,
                "--workers",
                str(options["workers"]),
                # As measured by `folkmoot bench submit`: threads share each process's database work (group
                # commit of public submissions) and keep-alive connections cost nothing while idle.
                "--worker-class",
                "gthread",
                "--threads",
                str(options["threads"]),
                "--access-logfile",
                "-" if settings.DEBUG else os.devnull,
                "--env",
                f"DJANGO_SETTINGS_MODULE={os.environ.get('DJANGO_SETTINGS_MODULE', 'folkmoot.settings.dev')}",
            ],
        )
