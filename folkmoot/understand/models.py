"""Population baselines for "who is missing": Census 2021 counts and deprivation, stored compactly.

Counts are stored once per lower-tier local authority (LTLA, 2021/22 codes, the Census 2021 geography); any
larger area (an upper-tier authority, a post-2023 authority, a region, an ICB, England) is a named list of
LTLAs, and its baseline is the sum of theirs. The postcode lookup is one row per postcode sector holding every
live postcode in it, packed into a string, so 1.47 million postcodes load as about 9,000 rows.
"""

from __future__ import annotations

from django.db import models

from folkmoot.core.models import TimeStamped


class PopulationSource(TimeStamped):
    """One loaded file: what was loaded from where, so a repeat load of the same bytes does nothing."""

    name = models.CharField(max_length=120, unique=True)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    loaded_rows = models.PositiveIntegerField(default=0)
    subset = models.CharField(max_length=200, blank=True, help_text="Empty when the whole file was loaded.")

    def __str__(self) -> str:
        return self.name


class AreaKind(models.TextChoices):
    LTLA = "ltla", "Local authority (lower tier, 2021)"
    LTLA23 = "ltla23", "Local authority (from April 2023)"
    UTLA = "utla", "County or upper-tier local authority (2021)"
    REGION = "region", "Region"
    ICB = "icb", "Integrated care board (2024), built from whole local authorities"
    COUNTRY = "country", "Country"


class Area(models.Model):
    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=AreaKind.choices)
    # The LTLA (2021/22) codes whose sum is this area's baseline.
    ltla_codes = models.JSONField(default=list)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PopulationCount(models.Model):
    """People in one category of one Census (or deprivation) table, in one LTLA."""

    id = models.BigAutoField(primary_key=True)
    table = models.CharField(max_length=24)
    ltla = models.CharField(max_length=9)
    sex = models.CharField(max_length=8, blank=True)
    category = models.CharField(max_length=120)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["table", "ltla", "sex", "category"], name="population_count_unique_cell"
            ),
        ]
        indexes = [models.Index(fields=["table", "ltla"])]

    def __str__(self) -> str:
        return f"{self.table} {self.ltla} {self.sex} {self.category}: {self.count}"


class PostcodeArea(models.Model):
    """A postcode district ("LE1") or sector ("LE1 5") with its deprivation mix; sectors also hold their postcodes.

    `units` packs each live postcode of a sector as 5 characters: the last two letters of the postcode, its
    IMD2019 decile and IMD2025 decile (0-9 for deciles 1-10, '-' unknown), and the index of its local authority
    in `ltla_codes`. Example: "WW300" = <sector>WW, IMD2019 decile 4, IMD2025 decile 1, first LTLA.
    """

    code = models.CharField(max_length=8, primary_key=True)
    level = models.CharField(max_length=8)  # district | sector
    n_postcodes = models.PositiveIntegerField()
    imd2019_shares = models.JSONField(default=list)
    imd2025_shares = models.JSONField(default=list)
    ltla_codes = models.JSONField(default=list)
    units = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.code
