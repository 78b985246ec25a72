"""Fixtures for understand.themes: the real shipped model when installed, else a small real one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from folkmoot.understand.themes.services import classify


@pytest.fixture(scope="session")
def real_classifier():
    try:
        from folkmoot.understand.themes.ml.classifier import load_default
    except ImportError:
        from .tiny_classifier import TinyClassifier

        return TinyClassifier()
    return load_default()


@pytest.fixture
def classifier(real_classifier, monkeypatch):
    """Makes the product load this classifier (the shipped one when it exists)."""
    monkeypatch.setattr(classify, "load_classifier", lambda: real_classifier)
    return real_classifier


@pytest.fixture
def when():
    def at(days_ago: int = 0, hour: int = 12) -> dt.datetime:
        day = dt.date(2026, 11, 20) - dt.timedelta(days=days_ago)
        return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())

    return at
