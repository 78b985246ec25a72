"""`folkmoot missing --responses FILE.csv --area CODE[,CODE] --format json`: who is missing, against Census 2021."""

from __future__ import annotations

from pathlib import Path

from folkmoot.core.commands import CommandError, FolkmootCommand
from folkmoot.understand.population.baselines import FileBaselines, UnknownArea, default_baselines
from folkmoot.understand.stats.missing import COLUMNS, Settings, analyse
from folkmoot.understand.stats.readers import InputError, read_csv


class Command(FolkmootCommand):
    help = (
        "Who is missing: compare respondents (CSV, one row each) with the Census 2021 population of an area."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--responses", required=True, help="CSV with columns such as " + ", ".join(COLUMNS)
        )
        parser.add_argument("--area", required=True, help="ONS area code(s), comma-separated, e.g. E06000016")
        parser.add_argument(
            "--min-age", type=int, help="Youngest age the survey asked (default: from the answers)"
        )
        parser.add_argument(
            "--max-age", type=int, help="Oldest age the survey asked (default: no upper limit)"
        )
        parser.add_argument(
            "--tolerance", type=float, default=0.1, help="Parity tolerance for flags (default 0.1)"
        )
        parser.add_argument(
            "--imd", type=int, choices=[2019, 2025], default=2025, help="IMD edition (default 2025)"
        )
        parser.add_argument("--by", default="channel", help="Column for the breakdown (default channel)")
        parser.add_argument("--population", help="Read baselines from this folder of files, not the database")

    def handle(self, *args, **options):
        try:
            frame = read_csv(options["responses"])
        except InputError as exc:
            raise CommandError(str(exc)) from None
        known = [c for c in frame.columns if c in COLUMNS]
        if not known:
            raise CommandError(
                f"{options['responses']} has none of the columns we can compare ({', '.join(COLUMNS)}); "
                f"it has: {', '.join(frame.columns)}."
            )
        if not 0 <= options["tolerance"] < 1:
            raise CommandError("--tolerance must be between 0 and 1 (for example 0.1).")
        baselines = (
            FileBaselines(Path(options["population"])) if options["population"] else default_baselines()
        )
        settings = Settings(
            tolerance=options["tolerance"],
            imd_edition=options["imd"],
            min_age=options["min_age"],
            max_age=options["max_age"],
            by=options["by"],
        )
        try:
            report = analyse(frame, baselines, options["area"], settings)
        except (UnknownArea, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from None
        self.emit(options, report, text_report(report))


def text_report(report: dict) -> str:
    lines = [f"Who is missing: {report['n']} respondents, {report['area_name']} ({report['area']})", ""]
    lines += [f"- {s}" for s in report["summary"]]
    for ch in report["characteristics"]:
        lines += [
            "",
            f"{ch['title']} ({ch['n_answered']} answered; prefer not to say {ch.get('prefer_not_to_say', 0)}, "
            f"not answered {ch.get('not_answered', 0)})",
        ]
        if ch["status"] != "ok":
            lines.append(f"  {ch['message']}")
            continue
        for c in ch["categories"]:
            ratio = "-" if c["ratio"] is None else f"{c['ratio']:.2f} ({c['ci_low']:.2f}-{c['ci_high']:.2f})"
            lines.append(
                f"  {c['category'][:60]:<60} {c['respondents']:>7} {c['share'] or 0:>7.1%} {c['population_share'] or 0:>7.1%}  {ratio:<20} {c['flag']}"
            )
        for u in ch.get("unmatched", []):
            lines.append(f"  unmatched: {u['label']} ({u['respondents']})")
        lines.append(f"  Baseline: {ch['baseline']['note']}")
    lines += ["", *report["sources"]]
    return "\n".join(lines)
