"""The demo holds a strong plan on the open engagement and a weak one on the draft engagement."""

from __future__ import annotations

import pytest

from folkmoot.core.demo import load_core_demo
from folkmoot.plan import checks, selectors
from folkmoot.plan.demo import load_plan_demo

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite
def test_demo_has_a_strong_and_a_weak_plan():
    ctx = load_core_demo()
    load_plan_demo(ctx)
    strong = selectors.plan_for(engagement=ctx.engagements["open"])
    weak = selectors.plan_for(engagement=ctx.engagements["draft"])
    strong_errors = [f for f in checks.run(strong.data) if f.severity == "error"]
    assert strong_errors == []
    assert len(checks.principles_failing(checks.run(weak.data))) >= 5
    assert ctx.extra["plans"]["weak"] == weak


@pytest.mark.sqlite
def test_demo_reported_engagement_has_its_own_plan_so_its_evidence_pack_shows_one():
    ctx = load_core_demo()
    load_plan_demo(ctx)
    plan = selectors.plan_for(engagement=ctx.engagements["reported"])
    assert plan is not None and "vaccination" in plan.data["aims"]["why"]
    assert [f for f in checks.run(plan.data) if f.severity == "error"] == []
