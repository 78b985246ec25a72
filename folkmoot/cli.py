"""The `folkmoot` command: every management command, with one line of help each.

folkmoot --help           lists the commands
folkmoot demo             loads synthetic demo data
folkmoot serve --port N   serves the site
folkmoot worker           runs background jobs
folkmoot scheduler        queues periodic jobs (contact purge, reminders, digest) when due
"""

from __future__ import annotations

import os
import sys


def _first_line(text: str) -> str:
    text = (text or "").strip()
    return text.splitlines()[0] if text else ""


def print_help() -> None:
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    ours, others = [], []
    for name, app in sorted(get_commands().items()):
        try:
            help_text = _first_line(load_command_class(app, name).help)
        except Exception as exc:  # a broken command must not hide the others
            help_text = f"(cannot load: {exc})"
        (ours if app.startswith("folkmoot") else others).append((name, help_text))
    width = max(len(name) for name, _ in ours + others) + 2
    print("Usage: folkmoot COMMAND [options]   (folkmoot COMMAND --help for a command's options)\n")
    print("Folkmoot commands:")
    for name, help_text in ours:
        print(f"  {name:<{width}}{help_text}")
    print("\nDjango and library commands:")
    for name, help_text in others:
        print(f"  {name:<{width}}{help_text}")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "folkmoot.settings.dev")
    if len(argv) < 2 or argv[1] in ("-h", "--help", "help") and len(argv) == 2:
        print_help()
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["folkmoot", *argv[1:]])


if __name__ == "__main__":
    main()
