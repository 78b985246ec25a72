"""`folkmoot themes-digest` (the name the issue gives); the command lives in themes_digest.py."""

from .themes_digest import Command

__all__ = ["Command"]
