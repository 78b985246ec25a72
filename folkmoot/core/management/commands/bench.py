from __future__ import annotations

from folkmoot.core.bench import discover
from folkmoot.core.commands import CommandError, FolkmootCommand


class Command(FolkmootCommand):
    help = "Run a benchmark (folkmoot bench NAME --help); prints one JSON object as its last line."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="benchmark", required=True, metavar="NAME")
        for name, benchmark in sorted(discover().items()):
            sub_parser = sub.add_parser(name, help=benchmark.help)
            benchmark.add_arguments(sub_parser)
            if not any("--format" in a.option_strings for a in sub_parser._actions):
                sub_parser.add_argument("--format", choices=["text", "json"], default="json")

    def handle(self, *args, **options):
        benchmarks = discover()
        name = options["benchmark"]
        if name not in benchmarks:
            raise CommandError(f"No benchmark {name!r}; there are: {', '.join(sorted(benchmarks))}")
        result = {"benchmark": name, **benchmarks[name].run(options)}
        self.emit({**options, "format": "json"}, result)
