"""Early warning: themes rising across all of an organisation's engagements and feedback.

For each theme, the comments of the latest period are compared with a baseline of the periods before it.
The test conditions on the theme's total: if the theme's rate were unchanged, the number of its comments
that fall in the latest period would be Binomial(x + X, n / (n + N)), where x and X are the theme's
comments in the period and the baseline and n and N all classified comments in each. A one-sided exact
binomial test gives a p-value per theme; the Benjamini-Hochberg procedure controls the false discovery
rate across themes. This adjusts for volume (a busy week raises every theme's count, not its share), and
needs no fixed count threshold. A theme needs at least MIN_OBSERVED comments in the period to be tested,
so a single comment can never raise an alert.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone
from scipy.stats import binomtest, false_discovery_control

from folkmoot.core.models import Organisation

from .models import Alert, Comment

PERIOD_DAYS = 7
BASELINE_PERIODS = 12
ALPHA = 0.05
MIN_OBSERVED = 3
NO_THEME = {"not_assigned"}
METHOD = "One-sided exact binomial test of the period's share against a 12-period baseline, BH q < 0.05"


def _window(as_of: dt.date, period_days: int, baseline_periods: int) -> tuple[dt.date, dt.date, dt.date]:
    period_end = as_of
    period_start = period_end - dt.timedelta(days=period_days)
    baseline_start = period_start - dt.timedelta(days=period_days * baseline_periods)
    return baseline_start, period_start, period_end


def theme_counts(*, organisation: Organisation, start: dt.date, end: dt.date) -> tuple[Counter[str], int]:
    """Comments per theme (reviewed labels over the model's) with received date in [start, end), and
    how many classified comments there were."""
    tz = timezone.get_current_timezone()
    comments = Comment.objects.filter(
        organisation=organisation,
        received_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        received_at__lt=dt.datetime.combine(end, dt.time.min, tzinfo=tz),
    ).select_related("latest_model", "latest_review")
    counts: Counter[str] = Counter()
    total = 0
    for comment in comments:
        if not (comment.latest_model_id or comment.latest_review_id):
            continue
        total += 1
        counts.update(set(comment.labels) - NO_THEME)
    return counts, total


def detect(
    *,
    organisation: Organisation,
    as_of: dt.date | None = None,
    period_days: int = PERIOD_DAYS,
    baseline_periods: int = BASELINE_PERIODS,
    alpha: float = ALPHA,
) -> list[dict]:
    """Every tested theme with its figures; `rising` is True where the adjusted test says so."""
    as_of = as_of or timezone.localdate()
    baseline_start, period_start, period_end = _window(as_of, period_days, baseline_periods)
    current, n = theme_counts(organisation=organisation, start=period_start, end=period_end)
    baseline, big_n = theme_counts(organisation=organisation, start=baseline_start, end=period_start)
    if not n or not big_n:
        return []
    share = n / (n + big_n)
    rows = []
    for code, x in sorted(current.items()):
        if x < MIN_OBSERVED:
            continue
        big_x = baseline.get(code, 0)
        test = binomtest(x, x + big_x, share, alternative="greater")
        rows.append(
            {
                "code": code,
                "observed": x,
                "period_total": n,
                "baseline_count": big_x,
                "baseline_total": big_n,
                "expected": round(n * (big_x / big_n), 3),
                "p_value": float(test.pvalue),
                "period_start": period_start,
                "period_end": period_end,
            }
        )
    if rows:
        q_values = false_discovery_control([r["p_value"] for r in rows], method="bh")
        for row, q in zip(rows, q_values, strict=True):
            row["q_value"] = float(q)
            row["rising"] = bool(q < alpha and row["observed"] / n > row["baseline_count"] / big_n)
    return rows


@transaction.atomic
def alerts_raise(
    *, organisation: Organisation, as_of: dt.date | None = None, labels: dict[str, str] | None = None
) -> list[Alert]:
    """Create an Alert for each rising theme not already alerted for this period. Returns the new ones."""
    labels = labels or {}
    created = []
    for row in detect(organisation=organisation, as_of=as_of):
        if not row["rising"]:
            continue
        alert, new = Alert.objects.get_or_create(
            organisation=organisation,
            code=row["code"],
            period_end=row["period_end"],
            defaults={
                "label": labels.get(row["code"], row["code"].replace("_", " ").capitalize()),
                "period_start": row["period_start"],
                "observed": row["observed"],
                "period_total": row["period_total"],
                "baseline_count": row["baseline_count"],
                "baseline_total": row["baseline_total"],
                "expected": row["expected"],
                "p_value": row["p_value"],
                "q_value": row["q_value"],
                "method": METHOD,
                "is_synthetic": organisation.is_synthetic,
            },
        )
        if new:
            created.append(alert)
    return created
