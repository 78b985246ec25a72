"""Demo (order 30): the population baselines for the demo's real local authorities, so the demo engagement
shows results and who is missing against Leicester, Charnwood, and Oadby and Wigston (Census 2021).

Only those authorities' counts, and only the LE postcode districts, are loaded: a few seconds, not a minute.
A database that already holds those authorities' counts (a full `folkmoot population load`) is left alone.
"""

from __future__ import annotations

from folkmoot.core.demo import DEMO_AREAS, DemoContext

from .models import PopulationCount, PostcodeArea
from .services import population_load

DEMO_DISTRICTS = [f"LE{i}" for i in range(1, 20)] + ["LE65", "LE67"]


def load(ctx: DemoContext) -> None:
    have_counts = set(
        PopulationCount.objects.filter(ltla__in=DEMO_AREAS).values_list("ltla", flat=True).distinct()
    )
    have_postcodes = PostcodeArea.objects.filter(code__startswith="LE1 ").exists()
    if have_counts >= set(DEMO_AREAS) and have_postcodes:
        ctx.extra["understand_population"] = "already loaded"
        return
    ctx.extra["understand_population"] = population_load(ltlas=list(DEMO_AREAS), districts=DEMO_DISTRICTS)
