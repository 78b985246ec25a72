"""folkmoot stakeholders import FILE.csv|xlsx --organisation SLUG [--user USERNAME] [--format json]

Good rows join the register (possible duplicates flagged); bad rows are kept apart with line and reason.
"""

from __future__ import annotations

from pathlib import Path

from folkmoot.core.commands import CommandError, FolkmootCommand
from folkmoot.core.models import Organisation, User

from ...services.importer import ImportProblem, stakeholders_import


class Command(FolkmootCommand):
    help = "The stakeholder register: import people and groups from CSV or XLSX."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import stakeholders from a CSV or XLSX file.")
        imp.add_argument("path")
        imp.add_argument("--organisation", help="Slug of the organisation whose register this is.")
        imp.add_argument("--user", help="Username recorded in the audit log.")
        imp.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Cannot read {path}: no such file.")
        slug = options.get("organisation")
        organisation = Organisation.objects.filter(slug=slug).first() if slug else None
        if organisation is None:
            if Organisation.objects.count() != 1:
                raise CommandError("Say whose register this is with --organisation SLUG.")
            organisation = Organisation.objects.get()
        actor = None
        if options.get("user"):
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user called {options['user']}.")
        try:
            result = stakeholders_import(organisation=organisation, path=path, actor=actor, check=False)
        except ImportProblem as exc:
            raise CommandError(str(exc)) from None
        lines = [
            f"Added {result['created']} stakeholders to {organisation.name}.",
            *[f"  line {d['line']}: possible duplicate: {d['reason']}" for d in result["duplicates"]],
            *[f"  line {r['line']}: kept apart: {r['reason']}" for r in result["rejected"]],
        ]
        self.emit(options, {**result, "organisation": organisation.slug}, "\n".join(lines))
