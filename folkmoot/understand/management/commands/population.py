"""`folkmoot population load [PATH]`, `folkmoot population show CODE`, `folkmoot population status`."""

from __future__ import annotations

from pathlib import Path

from folkmoot.core.commands import CommandError, FolkmootCommand
from folkmoot.understand.population.baselines import DbBaselines, UnknownArea
from folkmoot.understand.services import default_population_dir


class Command(FolkmootCommand):
    help = (
        "Load the Census 2021 and deprivation baselines (population load PATH), or show an area's baseline."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load the population files into the database (idempotent).")
        load.add_argument(
            "path", nargs="?", help="Folder of the population files (default: ../shared/data/population)"
        )
        load.add_argument("--force", action="store_true", help="Reload even if the files have not changed.")
        load.add_argument("--ltla", help="Only these local authorities' counts (comma-separated LTLA codes).")
        load.add_argument(
            "--no-postcodes", action="store_true", help="Skip the postcode to deprivation lookup."
        )
        show = sub.add_parser("show", help="Print an area's population shares from the loaded baselines.")
        show.add_argument("codes", help="Area code(s), comma-separated")
        sub.add_parser("status", help="What is loaded.")
        for p in (load, show, sub.choices["status"]):
            p.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "load":
            self._load(options)
        elif action == "show":
            self._show(options)
        else:
            from folkmoot.understand.models import PopulationSource

            sources = {
                s.name: {
                    "rows": s.loaded_rows,
                    "subset": s.subset,
                    "sha256": s.sha256,
                    "loaded_at": s.updated_at,
                }
                for s in PopulationSource.objects.all()
            }
            self.emit(
                options,
                {"loaded": sources},
                "\n".join(f"{k}: {v['rows']} rows" for k, v in sources.items()) or "Nothing loaded.",
            )

    def _load(self, options):
        from folkmoot.core.services import job_run_in_foreground
        from folkmoot.understand.tasks import population_load_job

        folder = Path(options["path"]).resolve() if options["path"] else default_population_dir()
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder. Give the folder of the population files.")
        ltlas = [c.strip().upper() for c in options["ltla"].split(",")] if options.get("ltla") else None
        with self.progress_bar(options, desc="population") as bar:
            try:
                _, result = job_run_in_foreground(
                    job_task=population_load_job,
                    label="Load population baselines",
                    bar=bar,
                    folder=str(folder),
                    ltlas=ltlas,
                    postcodes=not options["no_postcodes"],
                    force=options["force"],
                )
            except FileNotFoundError as exc:
                raise CommandError(str(exc)) from None
        lines = [f"Population baselines from {folder}:"]
        for part, info in result["parts"].items():
            lines.append(f"  {part}: " + ", ".join(f"{k} {v:,}" for k, v in info.items()))
        lines.append("Loaded." if result["changed"] else "Already up to date: nothing to do.")
        lines.append(
            "Geography: full postcodes are placed in their neighbourhood (LSOA) and its IMD decile; Census counts "
            "are per local authority (2021 codes; April 2023 authorities, counties, regions, ICBs and England are "
            "sums of them)."
        )
        self.emit(options, result, "\n".join(lines))

    def _show(self, options):
        from folkmoot.understand.population import files as F

        baselines = DbBaselines()
        try:
            area = baselines.area(options["codes"])
        except UnknownArea as exc:
            raise CommandError(str(exc)) from None
        counts = baselines.counts(sorted(F.TABLES), area)
        tables = {}
        for table, rows in counts.groupby("table"):
            by_category = rows.groupby("category", sort=False)["count"].sum()
            total = int(by_category.sum())
            tables[table] = {
                c: {"count": int(v), "share": round(v / total, 6)} for c, v in by_category.items()
            }
        result = {
            "area": area.code,
            "name": area.name,
            "local_authorities": area.ltla_codes,
            "tables": tables,
            "source": F.CENSUS,
        }
        lines = [f"{area.name} ({area.code}): {len(area.ltla_codes)} local authorities"]
        for table, cats in tables.items():
            lines.append(
                f"  {table}: " + "; ".join(f"{c} {v['share']:.1%}" for c, v in list(cats.items())[:12])
            )
        lines.append(F.CENSUS)
        self.emit(options, result, "\n".join(lines))
