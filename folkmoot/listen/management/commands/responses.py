from __future__ import annotations

from pathlib import Path

from folkmoot.core.commands import CommandError, FolkmootCommand
from folkmoot.core.models import User
from folkmoot.listen.exports import responses_export
from folkmoot.listen.imports import ImportProblem, Mapping, responses_import
from folkmoot.listen.models import Survey
from folkmoot.listen.services import contacts_purge_expired


class Command(FolkmootCommand):
    help = "Import responses from CSV/XLSX, export them (csv, xlsx, json), or delete expired contact details."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a CSV or XLSX export of another tool.")
        imp.add_argument("file")
        imp.add_argument("--survey", required=True)
        imp.add_argument("--mapping", help="YAML: columns, values, source_id, channel")
        imp.add_argument("--errors", help="Where to write rejected rows (default: FILE.errors.csv)")
        exp = sub.add_parser("export", help="Export a survey's responses.")
        exp.add_argument("--survey", required=True)
        exp.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        exp.add_argument("--out", help="File to write (default: standard output; required for xlsx)")
        exp.add_argument(
            "--user", help="Export with this user's permissions (equality data only if their role allows)"
        )
        exp.add_argument("--without-equality", action="store_true")
        purge = sub.add_parser("purge-contacts", help="Delete contact details past their retention date.")
        for p in (imp, purge):
            p.add_argument("--format", choices=["text", "json"], default="text")

    def _survey(self, slug: str) -> Survey:
        survey = Survey.objects.filter(slug=slug).first()
        if survey is None:
            raise CommandError(f"No survey with slug {slug!r}")
        return survey

    def handle(self, *args, **options):
        action = options["action"]
        if action == "import":
            survey = self._survey(options["survey"])
            try:
                with self.progress_bar(options, desc="rows") as bar:

                    def progress(done=None, total=None, message=None):
                        if total is not None:
                            bar.total = total
                        if done is not None:
                            bar.n = done
                            bar.refresh()

                    result = responses_import(
                        survey=survey,
                        path=options["file"],
                        mapping=Mapping.load(options["mapping"]),
                        errors_path=options["errors"],
                        progress=progress,
                    )
            except ImportProblem as exc:
                raise CommandError(str(exc)) from None
            summary = {k: result[k] for k in ("imported", "duplicates", "rejected", "errors")}
            if result["ignored_columns"]:
                self.stderr.write(
                    f"Columns not matched to a question (ignored): {', '.join(result['ignored_columns'])}"
                )
            self.emit(
                options,
                summary,
                f"Imported {summary['imported']}, duplicates {summary['duplicates']}, "
                f"rejected {summary['rejected']} (see {summary['errors']})\n"
                + __import__("json").dumps(summary),
            )
        elif action == "export":
            survey = self._survey(options["survey"])
            user = None
            if options["user"]:
                user = User.objects.filter(username=options["user"]).first()
                if user is None:
                    raise CommandError(f"No user {options['user']!r}")
            fmt = options["format"]
            if fmt == "xlsx" and not options["out"]:
                raise CommandError("An xlsx export needs --out FILE")
            include = False if options["without_equality"] else None
            if options["out"]:
                mode = "wb" if fmt == "xlsx" else "w"
                with Path(options["out"]).open(
                    mode, **({} if fmt == "xlsx" else {"newline": "", "encoding": "utf-8"})
                ) as out:
                    result = responses_export(
                        survey=survey, out=out, fmt=fmt, user=user, include_equality=include
                    )
                self.stderr.write(f"Exported {result['responses']} responses to {options['out']}")
            else:
                responses_export(
                    survey=survey, out=self.stdout._out, fmt=fmt, user=user, include_equality=include
                )
        else:
            deleted = contacts_purge_expired()
            self.emit(options, {"deleted": deleted}, f"Deleted {deleted} expired contact details.")
