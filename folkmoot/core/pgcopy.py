"""PostgreSQL's COPY in its text format, for the bulk writers (Listen's import, Themes' model rows): a table's
rows sent as one string, with no driver call per row and no quoting of values into a statement."""

from __future__ import annotations

from django.db import connection

ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})  # str.translate a text cell
NULL = "\\N"


def copy_in(table: str, columns: str, lines: list[str]) -> None:
    """COPY `lines` (cells joined by tabs, escaped with ESCAPE, each line ending in a newline) into `table`'s
    `columns`, in the current transaction. The driver's errors (a unique key already taken, a failed check)
    arrive as Django's (IntegrityError)."""
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write("".join(lines))
