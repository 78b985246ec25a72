from __future__ import annotations

from django.core.management.base import CommandError

from folkmoot.core.commands import FolkmootCommand
from folkmoot.core.demo import DEMO_PASSWORD, demo_exists, load_demo


class Command(FolkmootCommand):
    help = "Load synthetic demo data (a made-up ICB, member organisations, users of every role, engagements)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the demo is already loaded."
        )

    def handle(self, *args, **options):
        if demo_exists():
            if options["if_empty"]:
                self.emit(
                    options, {"loaded": False, "reason": "already loaded"}, "Demo data is already loaded."
                )
                return
            raise CommandError("Demo data is already loaded. Use a fresh database, or --if-empty.")
        context = load_demo(
            log=lambda line: self.stderr.write(f"  {line}") if options["format"] == "text" else None
        )
        result = {
            "loaded": True,
            "organisations": [context.icb.slug, context.trust.slug, context.practice.slug, context.vcse.slug],
            "users": sorted(context.users),
            "password": DEMO_PASSWORD,
        }
        self.emit(
            options,
            result,
            f"Demo loaded. Sign in as 'lead' (or admin, analyst, partner, viewer) with password '{DEMO_PASSWORD}'.",
        )
