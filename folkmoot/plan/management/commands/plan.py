"""folkmoot plan export|import|check|import-report: plans as YAML, checks, and earlier reports.

folkmoot plan export ENGAGEMENT_ID > plan.yaml
folkmoot plan import plan.yaml --engagement ID [--user USERNAME]
folkmoot plan check PLAN.yaml --format json
folkmoot plan import-report FILE --organisation SLUG [--title T] [--published YYYY-MM-DD]
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError

from folkmoot.core.commands import CommandError, FolkmootCommand
from folkmoot.core.models import Engagement, Organisation, User

from ... import services
from ...selectors import plan_for


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "\n".join(f"  {field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return "\n".join(f"  {m}" for m in exc.messages)


class Command(FolkmootCommand):
    help = "Engagement plans: export/import YAML, check against the principles, import earlier reports."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Print an engagement's plan as YAML.")
        export.add_argument("engagement_id")
        imp = sub.add_parser("import", help="Replace an engagement's plan with a YAML file.")
        imp.add_argument("path")
        imp.add_argument("--engagement", required=True)
        imp.add_argument("--user", help="Username recorded as the editor (default: the engagement lead).")
        check = sub.add_parser("check", help="Check a plan YAML file against the principles.")
        check.add_argument("path")
        report = sub.add_parser("import-report", help="Import an earlier report (PDF, DOCX, text).")
        report.add_argument("path")
        report.add_argument("--organisation", required=True)
        report.add_argument("--title", default="")
        report.add_argument("--author", default="")
        report.add_argument("--published", default="")
        for p in (export, imp, check, report):
            p.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        return getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _read(self, path: str) -> str:
        try:
            return Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None

    def _engagement(self, engagement_id: str) -> Engagement:
        engagement = (
            Engagement.objects.filter(pk=engagement_id).select_related("organisation", "lead").first()
            if _is_uuid(engagement_id)
            else None
        )
        if engagement is None:
            raise CommandError(f"No engagement with id {engagement_id}.")
        return engagement

    def _export(self, options):
        engagement = self._engagement(options["engagement_id"])
        plan = plan_for(engagement=engagement)
        if plan is None:
            raise CommandError(f"{engagement.title} has no plan yet.")
        text = services.plan_to_yaml(plan.data)
        if options["format"] == "json":
            self.emit(options, {"engagement": str(engagement.pk), "plan": plan.data})
        else:
            self.stdout.write(text, ending="")

    def _import(self, options):
        engagement = self._engagement(options["engagement"])
        user = (
            User.objects.filter(username=options["user"]).first() if options.get("user") else engagement.lead
        )
        if user is None:
            raise CommandError("Say who is importing with --user USERNAME (the engagement has no lead).")
        try:
            plan = services.plan_import_yaml(
                engagement=engagement, actor=user, text=self._read(options["path"])
            )
        except ValidationError as exc:
            raise CommandError(f"{options['path']} was not imported:\n{_messages(exc)}") from None
        result = services.plan_check_result(plan.data)
        self.emit(
            options,
            {
                "plan": str(plan.pk),
                "engagement": str(engagement.pk),
                "errors": result["errors"],
                "warnings": result["warnings"],
            },
            f"Imported the plan for {engagement.title}: {result['errors']} error(s), {result['warnings']} warning(s).",
        )

    def _check(self, options):
        try:
            data = services.parse_yaml(self._read(options["path"]))
        except ValidationError as exc:
            raise CommandError(f"{options['path']} cannot be checked:\n{_messages(exc)}") from None
        result = services.plan_check_result(data)
        lines = [
            f"{f['severity'].upper():8} {f['principle']} [{f['field']}] {f['message']}"
            for f in result["findings"]
        ]
        lines.append("")
        for principle, s in result["summary"].items():
            lines.append(f"{s['status']:5} {principle} ({s['errors']} errors, {s['warnings']} warnings)")
        self.emit(options, result, "\n".join(lines))

    def _import_report(self, options):
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['organisation']}.")
        path = Path(options["path"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        try:
            published = dt.date.fromisoformat(options["published"]) if options["published"] else None
        except ValueError:
            raise CommandError("--published must be a date like 2025-06-30.") from None
        try:
            report = services.report_import(
                organisation=organisation,
                actor=None,
                filename=path.name,
                content=content,
                title=options["title"],
                author=options["author"],
                published_on=published,
            )
        except ValidationError as exc:
            raise CommandError(f"{path.name} was not imported:\n{_messages(exc)}") from None
        self.emit(
            options,
            {
                "report": str(report.pk),
                "title": report.title,
                "chunks": report.chunks.count(),
                "characters": len(report.text),
            },
            f"Imported '{report.title}' ({report.chunks.count()} parts).",
        )


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
