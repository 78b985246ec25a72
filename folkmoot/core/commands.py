"""Shared parts for `folkmoot` commands: --format json, and progress bars for jobs."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class FolkmootCommand(BaseCommand):
    """A command that reports results. With --format json the last line of output is one JSON object."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if not any("--format" in action.option_strings for action in parser._actions):
            parser.add_argument("--format", choices=["text", "json"], default="text", help="Output format.")
        return parser

    def emit(self, options: dict, result: dict[str, Any], text: str | None = None) -> None:
        if options.get("format") == "json":
            self.stdout.write(json.dumps(result, default=str, ensure_ascii=False))
        else:
            self.stdout.write(text if text is not None else json.dumps(result, indent=2, default=str))

    def progress_bar(self, options: dict, total: int | None = None, desc: str = ""):
        """A tqdm bar on stderr (so JSON on stdout stays clean); silent when not a terminal and quiet."""
        from tqdm import tqdm

        disable = options.get("verbosity", 1) == 0
        return tqdm(total=total, desc=desc, file=sys.stderr, disable=disable, unit="", dynamic_ncols=True)


__all__ = ["CommandError", "FolkmootCommand"]
