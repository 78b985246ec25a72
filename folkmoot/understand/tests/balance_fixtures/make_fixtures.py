"""Make the balance fixtures the raking tests compare against. Run with balance's own Python, never Folkmoot's:

    var/balance-venv/bin/python folkmoot/understand/tests/balance_fixtures/make_fixtures.py

(`folkmoot bench rake` builds var/balance-venv with balance==0.23.0.) For each case it writes CASE_sample.csv,
CASE_margins.csv and CASE_weights.csv (balance's weights) beside this file, and CASE_info.json (versions,
settings). The sample comes from Python's own `random` with a fixed seed, so it does not depend on NumPy.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
REFERENCE = HERE.parents[1] / "reference" / "balance_rake.py"
VARIABLES = {
    "age": ["16-34", "35-64", "65+"],
    "sex": ["Female", "Male"],
    "ethnicity": ["Asian", "Black", "Mixed", "Other", "White"],
}
SAMPLE_P = {"age": [0.2, 0.5, 0.3], "sex": [0.62, 0.38], "ethnicity": [0.15, 0.05, 0.03, 0.02, 0.75]}
TARGETS = {"age": [0.33, 0.47, 0.20], "sex": [0.51, 0.49], "ethnicity": [0.43, 0.08, 0.04, 0.04, 0.41]}
SAME = {"max_iteration": 1000, "convergence_rate": 1e-6, "rate_tolerance": 1e-10}  # Folkmoot's defaults
CASES = {"plain": {**SAME, "trim_mean_ratio": None}, "trimmed": {**SAME, "trim_mean_ratio": 3.0}}


def main() -> None:
    rng = random.Random(2021)
    rows = [
        {v: rng.choices(cats, weights=SAMPLE_P[v])[0] for v, cats in VARIABLES.items()} for _ in range(400)
    ]
    for case, settings in CASES.items():
        sample = HERE / f"{case}_sample.csv"
        with sample.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(VARIABLES))
            writer.writeheader()
            writer.writerows(rows)
        margins = HERE / f"{case}_margins.csv"
        with margins.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["variable", "category", "share"])
            for v, cats in VARIABLES.items():
                writer.writerows([v, c, s] for c, s in zip(cats, TARGETS[v], strict=True))
        out = HERE / f"{case}_weights.csv"
        done = subprocess.run(
            [
                sys.executable,
                str(REFERENCE),
                str(sample),
                str(margins),
                str(out),
                "--settings",
                json.dumps(settings),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        info = json.loads(done.stdout.strip().splitlines()[-1]) | {"settings": settings}
        info.pop("seconds", None)
        (HERE / f"{case}_info.json").write_text(json.dumps(info, indent=2) + "\n")


if __name__ == "__main__":
    main()
