"""`folkmoot rake --responses FILE.csv --margins MARGINS.csv --out WEIGHTS.csv`: raking weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from folkmoot.core.commands import CommandError, FolkmootCommand
from folkmoot.understand.stats import raking
from folkmoot.understand.stats.readers import InputError, read_csv
from folkmoot.understand.stats.weighting import RakingError, rake_frame, read_margins


class Command(FolkmootCommand):
    help = "Rake respondents to population margins (variable, category, share); writes one weight per respondent."

    def add_arguments(self, parser):
        parser.add_argument("--responses", required=True, help="CSV, one row per respondent")
        parser.add_argument("--margins", required=True, help="CSV with columns variable, category, share")
        parser.add_argument("--out", required=True, help="Where to write the responses with a weight column")
        parser.add_argument(
            "--trim", type=float, help="Cap weights at this many times the mean weight (e.g. 5)"
        )
        parser.add_argument("--base-weight", help="Column of design weights to start from (default: all 1)")
        parser.add_argument(
            "--total", type=float, help="Make the weights add up to this (default: the number of rows)"
        )
        parser.add_argument("--max-iterations", type=int, default=raking.DEFAULT_MAX_ITERATION)
        parser.add_argument(
            "--convergence",
            type=float,
            default=raking.DEFAULT_CONVERGENCE_RATE,
            help="Stop when every margin is within this relative error (default 1e-6)",
        )

    def handle(self, *args, **options):
        try:
            responses = read_csv(options["responses"])
            margins = read_margins(read_csv(options["margins"], what="margins"))
            result, notes = rake_frame(
                responses,
                margins,
                base_weight_column=options["base_weight"],
                trim_mean_ratio=options["trim"],
                total=options["total"],
                max_iteration=options["max_iterations"],
                convergence_rate=options["convergence"],
            )
        except (InputError, RakingError) as exc:
            raise CommandError(str(exc)) from None
        out = Path(options["out"])
        column = "weight" if "weight" not in responses.columns else "rake_weight"
        responses[column] = np.round(result.weights, 12)
        out.parent.mkdir(parents=True, exist_ok=True)
        responses.to_csv(out, index=False)
        report = {"out": str(out), "weight_column": column, **result.report(), "notes": notes}
        lines = [
            f"Wrote {result.n} weights to {out} (column {column}).",
            f"Converged: {'yes' if result.converged else 'no'} after {result.iterations} sweeps "
            f"(largest margin error {result.max_margin_error:.2g}).",
            f"Design effect (Kish) {result.design_effect:.3f}; effective sample size {result.effective_sample_size:.1f} "
            f"of {result.n}.",
            f"Weights from {result.weights.min():.3f} to {result.weights.max():.3f}"
            + (f"; {result.trimmed} trimmed at {result.trim_cap:.3f}." if result.trim_cap else "."),
            "",
            f"{'variable':<20} {'category':<30} {'target':>8} {'unweighted':>10} {'weighted':>9}",
        ]
        for m in result.margins:
            lines.append(
                f"{m.variable[:20]:<20} {m.category[:30]:<30} {m.target_share:>8.1%} {m.unweighted_share:>10.1%} {m.weighted_share:>9.1%}"
            )
        lines += notes
        self.emit(options, report, "\n".join(lines))
