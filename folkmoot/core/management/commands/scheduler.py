"""`folkmoot scheduler`: queue the periodic jobs when they are due (contact purge, reminders, digest)."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand

from folkmoot.core.scheduler import SCHEDULE, tick


class Command(BaseCommand):
    help = "Queue periodic jobs when due: every minute, or once with --once (for cron). A worker runs them."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once, queue what is due, then stop.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between checks.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        while True:
            queued = tick()
            if options["once"]:
                result = {
                    "queued": queued,
                    "schedule": [{"name": p.name, "every": p.every} for p in SCHEDULE],
                }
                if options["format"] == "json":
                    self.stdout.write(json.dumps(result))
                else:
                    self.stdout.write(f"Queued: {', '.join(queued) or 'nothing due'}")
                return
            for name in queued:
                self.stdout.write(f"Queued {name}")
            time.sleep(options["interval"])
