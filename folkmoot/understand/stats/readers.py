"""Reading respondents' CSV files for the commands: every value as text, blanks as missing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


class InputError(ValueError):
    """A file cannot be used; the message says why."""


def read_csv(path: str | Path, *, what: str = "responses") -> pd.DataFrame:
    path = Path(path)
    if not path.exists():
        raise InputError(f"The {what} file {path} does not exist.")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise InputError(f"The {what} file {path} is empty.") from None
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"The {what} file {path} is not a readable CSV file (UTF-8): {exc}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame
