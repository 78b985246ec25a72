"""`folkmoot report evidence` (one engagement's evidence pack) and `folkmoot report annual` (the year)."""

from __future__ import annotations

from pathlib import Path

from folkmoot.core.commands import CommandError, FolkmootCommand
from folkmoot.core.models import Engagement, Organisation

# Exit code when the year has no engagements: no PDF is written (see reports.annual.NoEngagements).
NO_ENGAGEMENTS_EXIT = 3


class Command(FolkmootCommand):
    help = "Make PDF reports: an engagement's evidence pack, or an organisation's annual principles report."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        evidence = sub.add_parser("evidence", help="One engagement's evidence pack, from plan to evaluation.")
        evidence.add_argument("--engagement", required=True, help="The engagement's slug")
        evidence.add_argument(
            "--organisation", help="The organisation's slug, when two engagements share a slug"
        )
        evidence.add_argument("--out", required=True, help="Where to write the PDF")
        annual = sub.add_parser("annual", help="The year's engagements scored against the 8 principles.")
        annual.add_argument("--organisation", required=True, help="The organisation's slug")
        annual.add_argument("--year", required=True, type=int, help="The calendar year, e.g. 2026")
        annual.add_argument("--out", required=True, help="Where to write the PDF")
        for p in (evidence, annual):
            p.add_argument("--format", choices=["text", "json"], default="text")

    def _engagement(self, slug: str, organisation: str | None) -> Engagement:
        engagements = Engagement.objects.filter(slug=slug).select_related("organisation", "lead")
        if organisation:
            engagements = engagements.filter(organisation__slug=organisation)
        found = list(engagements[:2])
        if not found:
            raise CommandError(f"No engagement with slug {slug!r}")
        if len(found) > 1:
            raise CommandError(f"More than one engagement is called {slug!r}; add --organisation")
        return found[0]

    def _write(self, out: str, pdf: bytes) -> Path:
        path = Path(out)
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist")
        path.write_bytes(pdf)
        return path

    def handle(self, *args, **options):
        if options["action"] == "evidence":
            from folkmoot.learn.reports.evidence import evidence_pdf

            engagement = self._engagement(options["engagement"], options.get("organisation"))
            pdf, summary = evidence_pdf(engagement=engagement)
            path = self._write(options["out"], pdf)
            result = {"out": str(path), "bytes": len(pdf), **summary}
            self.emit(options, result, f"Wrote the evidence pack for {engagement.title} to {path}")
            return
        from folkmoot.learn.reports.annual import NoEngagements, annual_pdf

        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['organisation']!r}")
        try:
            pdf, summary = annual_pdf(organisation=organisation, year=options["year"])
        except NoEngagements as exc:
            raise CommandError(f"{exc} No PDF was written.", returncode=NO_ENGAGEMENTS_EXIT) from exc
        path = self._write(options["out"], pdf)
        result = {"out": str(path), "bytes": len(pdf), **summary}
        lines = [f"Wrote the {options['year']} annual report for {organisation.name} to {path}"]
        lines += [
            f"Principle {n}: {'n/a' if p is None else f'{p}%'}" for n, p in summary["principles"].items()
        ]
        self.emit(options, result, "\n".join(lines))
