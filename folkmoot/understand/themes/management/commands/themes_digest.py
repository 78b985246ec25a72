"""folkmoot themes-digest: raise early-warning alerts and email the weekly themes digest."""

from __future__ import annotations

import datetime as dt

from folkmoot.core.commands import CommandError, FolkmootCommand
from folkmoot.core.models import Organisation

from ...services import digest_send


class Command(FolkmootCommand):
    help = "Weekly themes digest: raise early-warning alerts for rising themes and email the analysts."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="Organisation slug.")
        parser.add_argument("--as-of", default="", help="End of the week (YYYY-MM-DD, default today).")
        parser.add_argument("--dry-run", action="store_true", help="Build the digest but send no email.")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['organisation']!r}")
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError("--as-of must be a date like 2026-11-23") from exc
        digest = digest_send(organisation=organisation, as_of=as_of, send=not options["dry_run"])
        text = [f"{organisation.name}: {len(digest['alerts'])} rising themes, sent to {digest['sent_to']}"]
        text += [f"- {a['label']} ({a['observed']} vs {a['expected']} expected)" for a in digest["alerts"]]
        self.emit(options, digest, "\n".join(text))
