"""The Reach demo: a synthetic register of at least 30, a paid partnership, a PPG with its profile against its
practice, and a panel meeting with an issue."""

import pytest

from folkmoot.core.demo import load_core_demo
from folkmoot.reach import groups_read, selectors
from folkmoot.reach.demo import load_reach_demo
from folkmoot.reach.models import LedgerStatus, PanelMeeting, PatientGroup, Stakeholder

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite
def test_demo_has_a_register_a_paid_partnership_a_ppg_profile_and_a_panel_meeting():
    ctx = load_core_demo()
    load_reach_demo(ctx)
    register = Stakeholder.objects.filter(organisation=ctx.icb)
    assert register.count() >= 30 and all(s.is_synthetic for s in register)
    assert register.filter(possible_duplicate_of__isnull=False).exists()
    paid = [a for s in register for a in s.agreements.all() if a.status == LedgerStatus.PAID]
    assert paid
    totals = selectors.partner_payments(engagement=paid[0].engagement)
    assert totals["paid"] > 0 and totals["agreed"] >= totals["paid"]
    group = PatientGroup.objects.get()
    profile = groups_read.ppg_profile(group=group)
    assert profile["error"] == "" and profile["characteristics"] and "local authority" in profile["baseline"]
    meeting = PanelMeeting.objects.get()
    assert meeting.issues.exists()
