"""Test harness shared by every app: personas, a real Chromium through Playwright, and axe-core checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("FOLKMOOT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytest_plugins = ["folkmoot.core.tests.fixtures"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, never a browser downloaded by Playwright."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which our Content-Security-Policy (rightly) blocks; the
    # policy itself is tested on the response headers.
    return {**browser_context_args, "bypass_csp": True}


class Axe:
    """Runs axe-core (npm, pinned in package.json) on a page and remembers which pages it checked."""

    def __init__(self) -> None:
        self.checked: set[str] = set()
        self.loaded: set[str] = set()
        self.version = ""

    def watch(self, page) -> None:
        page.on("load", lambda p: self.loaded.add(_strip(p.url)))

    def check(self, page) -> dict:
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_JS))
        results = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        self.version = results.get("testEngine", {}).get("version", "")
        self.checked.add(_strip(page.url))
        # An error summary link that points nowhere strands a keyboard or screen-reader user.
        broken = page.evaluate(
            """() => [...document.querySelectorAll('.nhsuk-error-summary a[href^="#"]')]
                 .map(a => a.getAttribute('href'))
                 .filter(h => h.length > 1 && !document.getElementById(decodeURIComponent(h.slice(1))))"""
        )
        assert not broken, f"Error summary links to missing fields on {page.url}: {broken}"
        violations = results["violations"]
        if violations:
            lines = [f"axe-core {self.version} found {len(violations)} violation(s) on {page.url}:"]
            for v in violations:
                targets = [", ".join(node["target"]) for node in v["nodes"][:5]]
                lines.append(f"- {v['id']} ({v['impact']}): {v['help']} -> {targets}")
            raise AssertionError("\n".join(lines))
        return results


def _strip(url: str) -> str:
    return url.split("#", 1)[0]


@pytest.fixture
def axe(page):
    """Use as `axe.check(page)` after every navigation; the test fails if a loaded page went unchecked."""
    checker = Axe()
    checker.watch(page)
    yield checker
    unchecked = {u for u in checker.loaded - checker.checked if not u.endswith(".json")}
    assert not unchecked, f"Pages loaded but never checked with axe: {sorted(unchecked)}"


@pytest.fixture
def signed_in(page, live_server, client):
    """signed_in(user) puts a session for user into the browser, as if they had signed in."""

    def sign_in(user):
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
        return page

    return sign_in


def last_json_line(output: str) -> dict:
    """The JSON object a `folkmoot ... --format json` command prints on its last line."""
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return json.loads(lines[-1])
