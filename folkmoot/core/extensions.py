"""Extension points that let stage apps add to core pages without core importing any stage.

A stage registers in its AppConfig.ready():

    from folkmoot.core.extensions import engagement_panels
    engagement_panels.register(order=30, panel=my_panel)

A panel is a callable `(request, obj) -> Panel | None`; None means "nothing to show to this user". Its
HTML is rendered by the stage's own template, so the stage keeps its own rules and selectors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from markupsafe import Markup


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    links: list[dict[str, str]] = field(default_factory=list)

    def render(self, request: HttpRequest) -> Markup:
        return Markup(render_to_string(self.template, self.context, request=request))


class PanelRegistry:
    def __init__(self) -> None:
        self._panels: list[tuple[int, str, Callable[[HttpRequest, Any], Panel | None]]] = []

    def register(self, *, order: int, panel: Callable[[HttpRequest, Any], Panel | None]) -> None:
        key = f"{panel.__module__}.{panel.__qualname__}"
        if any(existing_key == key for _, existing_key, _ in self._panels):
            return
        self._panels.append((order, key, panel))
        self._panels.sort(key=lambda item: item[0])

    def collect(self, request: HttpRequest, obj: Any) -> list[Panel]:
        panels = []
        for _, _, make in self._panels:
            panel = make(request, obj)
            if panel is not None:
                panels.append(panel)
        return panels


# Shown on an organisation's staff dashboard, with the Organisation.
dashboard_panels = PanelRegistry()
# Shown on an engagement's staff page, with the Engagement.
engagement_panels = PanelRegistry()
# Shown on an organisation's public landing page, with the Organisation.
public_organisation_panels = PanelRegistry()


class TransitionGuards:
    """Rules other stages add to the engagement lifecycle, e.g. "every finding has a decision before an
    engagement is marked reported". A guard is `fn(engagement, to_status) -> list[str]` of reasons to refuse;
    an empty list lets the move go ahead. Registered in AppConfig.ready()."""

    def __init__(self) -> None:
        self._guards: dict[str, Callable[[Any, str], list[str]]] = {}
        self._paused = 0

    def register(self, guard: Callable[[Any, str], list[str]]) -> None:
        self._guards[f"{guard.__module__}.{guard.__qualname__}"] = guard

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Skip stage guards inside this block. Only for the core demo, which sets statuses before the stage
        loaders add the data (findings, decisions) that the guards look for."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1

    def reasons(self, engagement: Any, to: str) -> list[str]:
        if self._paused:
            return []
        reasons: list[str] = []
        for guard in self._guards.values():
            reasons.extend(guard(engagement, to))
        return reasons


transition_guards = TransitionGuards()
