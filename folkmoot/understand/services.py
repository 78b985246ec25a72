"""Writes for Understand: loading population baselines, and the audit trail of who saw raw figures."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from folkmoot.core.models import AuditAction, Engagement, User
from folkmoot.core.services import audit_record

from .models import Area, PopulationCount, PopulationSource, PostcodeArea
from .population import files as F

BATCH = 5000
Progress = Callable[..., None]


def default_population_dir() -> Path:
    return Path(settings.SHARED_DIR) / "data" / "population"


def _fingerprint(folder: Path, names: list[str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(names):
        digest.update(name.encode())
        digest.update(F.sha256(folder / name).encode())
    return digest.hexdigest()


def _unchanged(name: str, sha: str, subset: str) -> bool:
    return PopulationSource.objects.filter(name=name, sha256=sha, subset=subset).exists()


def _record(name: str, sha: str, subset: str, rows: int, loaded: int) -> None:
    PopulationSource.objects.update_or_create(
        name=name, defaults={"sha256": sha, "subset": subset, "rows": rows, "loaded_rows": loaded}
    )


def population_load(
    *,
    folder: Path | str | None = None,
    ltlas: list[str] | None = None,
    districts: list[str] | None = None,
    postcodes: bool = True,
    force: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Load the Census 2021 and deprivation baselines (and the postcode lookup) into the database.

    Idempotent: a part whose files (and subset) are unchanged since the last load is skipped. `ltlas` keeps only
    those local authorities' counts and `districts` only those postcode districts (small loads for tests and
    demos); `postcodes=False` skips the postcode lookup.
    """
    folder = Path(folder) if folder else default_population_dir()
    report = progress or (lambda **kwargs: None)
    missing = [
        name
        for name in sorted(
            {t.file for t in F.TABLES.values()} | {F.LOOKUP, F.LSOA_WIDE, F.POSTCODE_FILE, F.SECTOR_FILE}
        )
        if not (folder / name).exists()
    ]
    if missing:
        raise FileNotFoundError(
            f"{folder} does not hold the population files ({', '.join(missing)} missing). Use the folder "
            "../shared/data/population (see its PROVENANCE.md)."
        )
    result: dict[str, Any] = {"folder": str(folder), "parts": {}}
    count_files = sorted({t.file for t in F.TABLES.values()} | {F.LSOA_WIDE, F.LOOKUP})
    counts_sha = _fingerprint(folder, count_files)
    subset = ",".join(sorted(ltlas)) if ltlas else ""
    done = 0

    def step(n: int, message: str) -> None:
        nonlocal done
        done += n
        report(done=done, message=message)

    if force or not _unchanged("areas", counts_sha, "") or not Area.objects.exists():
        areas = F.read_areas(folder)
        report(total=None, message="Areas")
        with transaction.atomic():
            Area.objects.all().delete()
            Area.objects.bulk_create(
                [
                    Area(code=r.code, name=r.name, kind=r.kind, ltla_codes=list(r.ltla_codes), note=r.note)
                    for r in areas.itertuples()
                ],
                batch_size=BATCH,
            )
            _record("areas", counts_sha, "", len(areas), len(areas))
        result["parts"]["areas"] = {"loaded": len(areas)}
        step(len(areas), "Areas")
    else:
        result["parts"]["areas"] = {"unchanged": Area.objects.count()}

    if force or not _unchanged("counts", counts_sha, subset) or not PopulationCount.objects.exists():
        counts = F.read_counts(folder)
        if ltlas:
            counts = counts[counts.ltla.isin(ltlas)]
        report(total=done + len(counts), message="Census and deprivation counts")
        with transaction.atomic():
            PopulationCount.objects.all().delete()
            batch: list[PopulationCount] = []
            for row in counts.itertuples(index=False):
                batch.append(
                    PopulationCount(
                        table=row.table,
                        ltla=row.ltla,
                        sex=row.sex,
                        category=row.category,
                        count=int(row.count),
                    )
                )
                if len(batch) == BATCH:
                    PopulationCount.objects.bulk_create(batch)
                    step(len(batch), "Census and deprivation counts")
                    batch = []
            PopulationCount.objects.bulk_create(batch)
            step(len(batch), "Census and deprivation counts")
            _record("counts", counts_sha, subset, len(F.read_counts(folder)), len(counts))
        result["parts"]["counts"] = {"loaded": len(counts)}
    else:
        result["parts"]["counts"] = {"unchanged": PopulationCount.objects.count()}

    if postcodes:
        postcode_sha = _fingerprint(folder, [F.POSTCODE_FILE, F.SECTOR_FILE])
        district_subset = ",".join(sorted(d.upper() for d in districts)) if districts else ""
        if (
            force
            or not _unchanged("postcodes", postcode_sha, district_subset)
            or not PostcodeArea.objects.exists()
        ):
            report(message="Reading the postcode lookup")
            areas = F.read_postcode_areas(folder, districts=districts)
            report(total=done + len(areas), message="Postcode sectors")
            with transaction.atomic():
                PostcodeArea.objects.all().delete()
                rows = [
                    PostcodeArea(
                        code=r.code,
                        level=r.level,
                        n_postcodes=int(r.n_postcodes),
                        imd2019_shares=list(r.imd2019_shares),
                        imd2025_shares=list(r.imd2025_shares),
                        ltla_codes=list(r.ltla_codes),
                        units=r.units,
                    )
                    for r in areas.itertuples(index=False)
                ]
                for start in range(0, len(rows), 1000):
                    PostcodeArea.objects.bulk_create(rows[start : start + 1000])
                    step(len(rows[start : start + 1000]), "Postcode sectors")
                _record("postcodes", postcode_sha, district_subset, len(areas), len(areas))
            n_postcodes = int(sum(len(u) for u in areas.units) // 5)
            result["parts"]["postcodes"] = {"loaded": len(areas), "postcodes": n_postcodes}
        else:
            result["parts"]["postcodes"] = {"unchanged": PostcodeArea.objects.count()}
    result["changed"] = any("loaded" in part for part in result["parts"].values())
    return result


def unsuppressed_view_record(*, user: User, engagement: Engagement, what: str) -> None:
    """Audit that someone saw raw (unsuppressed) figures, which can include small numbers of people."""
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=engagement,
        summary=f"Viewed unsuppressed {what}",
        personal_data=True,
        data={"what": what},
    )


def weights_export_record(*, user: User, engagement: Engagement, rows: int, variables: list[str]) -> None:
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=engagement,
        summary=f"Downloaded raking weights for {rows} responses ({', '.join(variables)})",
        personal_data=True,
        data={"rows": rows, "variables": variables},
    )


def free_text_view_record(*, user: User, engagement: Engagement, search: str, shown: int) -> None:
    """Audit that someone read respondents' own words (they can hold personal details)."""
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=engagement,
        summary=f"Viewed {shown} free-text answers" + (f" matching \u201c{search}\u201d" if search else ""),
        personal_data=True,
        data={"search": search, "shown": shown},
    )


def disclosure_settings_set(*, actor: User, organisation, suppress_below: int, round_to: int):
    """Change an organisation's disclosure-control rule (the threshold below which counts are hidden, and the
    rounding base). Needs Perm.CONFIGURE; audited with the old and new values."""
    from folkmoot.core.permissions import Perm, require

    require(actor, Perm.CONFIGURE, organisation)
    old = {"suppress_below": organisation.suppress_below, "round_to": organisation.round_to}
    with transaction.atomic():
        organisation.suppress_below = suppress_below
        organisation.round_to = round_to
        organisation.full_clean()
        organisation.save(update_fields=["suppress_below", "round_to", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=organisation,
            summary=f"Changed disclosure control to hide 1-{suppress_below - 1} and round to {round_to}",
            data={"old": old, "new": {"suppress_below": suppress_below, "round_to": round_to}},
        )
    return organisation
