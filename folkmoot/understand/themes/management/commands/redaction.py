"""folkmoot redaction evaluate: how well personal details are found in free text before quotes are published."""

from __future__ import annotations

from pathlib import Path

from folkmoot.core.commands import CommandError, FolkmootCommand

from ...redact import redact
from ...redact_eval import evaluate


class Command(FolkmootCommand):
    help = (
        "Redaction of personal details in free text: evaluate on planted synthetic details, or redact text."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["evaluate", "text"])
        parser.add_argument("value", nargs="?", default="", help="For 'text': the text to redact.")
        parser.add_argument("--rows", type=int, default=1000, help="Comments to plant details in.")
        parser.add_argument("--seed", type=int, default=20261125)
        parser.add_argument(
            "--data", default="", help="CSV with a text column (default: feedback/train.csv)."
        )

    def handle(self, *args, **options):
        if options["action"] == "text":
            result = redact(options["value"])
            self.emit(options, {"text": result.text, "found": result.found}, result.text)
            return
        path = Path(options["data"]) if options["data"] else None
        if path is not None and not path.exists():
            raise CommandError(f"No such file: {path}")
        result = evaluate(n=options["rows"], seed=options["seed"], path=path)
        lines = [f"Redaction on {result['n']} real comments with {result['planted']} planted details:"]
        for kind, row in result["per_kind"].items():
            lines.append(
                f"  {kind:<14} recall {row['recall']}  precision {row['precision']}  (n={row['planted']})"
            )
        lines.append(
            f"Target recall {result['target_recall_structured']} for structured kinds met: {result['target_met']}"
        )
        self.emit(options, result, "\n".join(lines))
