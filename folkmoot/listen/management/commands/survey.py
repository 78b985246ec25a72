from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError

from folkmoot.core.commands import CommandError, FolkmootCommand
from folkmoot.core.models import Engagement
from folkmoot.listen.models import Survey
from folkmoot.listen.yaml_io import parse_yaml, survey_export_yaml, survey_import


class Command(FolkmootCommand):
    help = "Export a survey to YAML, or import one (schema: folkmoot/listen/docs/survey-schema.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write a survey as YAML to standard output.")
        export.add_argument("slug")
        imp = sub.add_parser("import", help="Create a survey from a YAML file.")
        imp.add_argument("file")
        imp.add_argument("--engagement", help="Engagement id (otherwise the one named in the file)")
        imp.add_argument("--slug", help="Public address to use instead of the file's")
        imp.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        if options["action"] == "export":
            survey = Survey.objects.filter(slug=options["slug"]).first()
            if survey is None:
                raise CommandError(f"No survey with slug {options['slug']!r}")
            self.stdout._out.write(survey_export_yaml(survey))
            return
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        try:
            data = parse_yaml(path.read_text(encoding="utf-8"))
            engagement = None
            if options.get("engagement"):
                engagement = Engagement.objects.filter(pk=options["engagement"]).first()
                if engagement is None:
                    raise CommandError(f"No engagement {options['engagement']}")
            survey = survey_import(
                data=data, actor=None, engagement=engagement, slug=options.get("slug"), check_permission=False
            )
        except UnicodeDecodeError:
            raise CommandError("The file is not UTF-8 text.") from None
        except ValidationError as exc:
            raise CommandError("The survey was not imported:\n- " + "\n- ".join(exc.messages)) from None
        self.emit(
            options,
            {"imported": survey.slug, "questions": survey.questions.count()},
            f"Imported survey {survey.slug} with {survey.questions.count()} questions.",
        )
