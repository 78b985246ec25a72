"""Staff pages for payment rates and fatigue limits, PPG minutes and actions, and the early-warning panel,
through Django's test client: each saves through its service, and a bad form keeps what was typed."""

import datetime as dt

import pytest

from folkmoot.core.models import Organisation, Role
from folkmoot.core.tests.factories import membership
from folkmoot.reach import services
from folkmoot.reach.models import PanelIssue, PatientGroupAction, PaymentRate, ReachSettings


def test_settings_page_saves_rates_and_fatigue_limits_and_needs_configure(client, personas):
    url = f"/dashboard/{personas.organisation.slug}/reach-settings/"
    client.force_login(personas.lead)
    assert client.get(url).status_code == 403
    client.force_login(personas.admin)
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "form": "rate",
            "rate-code": "involvement-hour",
            "rate-label": "Synthetic hourly rate",
            "rate-kind": "involvement",
            "rate-amount": "lots",
            "rate-unit": "per hour",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 400 and "Enter an amount in pounds" in body
    assert 'value="Synthetic hourly rate"' in body and 'value="per hour"' in body
    assert PaymentRate.objects.count() == 0
    good = client.post(
        url,
        {
            "form": "rate",
            "rate-code": "involvement-hour",
            "rate-label": "Synthetic hourly rate",
            "rate-kind": "involvement",
            "rate-amount": "25.50",
            "rate-unit": "per hour",
        },
    )
    assert good.status_code == 302
    rate = PaymentRate.objects.get(organisation=personas.organisation)
    assert rate.amount == 25.50 and rate.kind == "involvement"
    bad = client.post(
        url,
        {
            "form": "fatigue",
            "fatigue-fatigue_max_asks": "4",
            "fatigue-fatigue_window_days": "ninety",
            "fatigue-fatigue_min_gap_days": "21",
        },
    )
    assert bad.status_code == 400 and 'value="ninety"' in bad.content.decode()
    assert not ReachSettings.objects.filter(organisation=personas.organisation).exists()
    client.post(
        url,
        {
            "form": "fatigue",
            "fatigue-fatigue_max_asks": "4",
            "fatigue-fatigue_window_days": "60",
            "fatigue-fatigue_min_gap_days": "21",
        },
    )
    saved = ReachSettings.objects.get(organisation=personas.organisation)
    assert (saved.fatigue_max_asks, saved.fatigue_window_days, saved.fatigue_min_gap_days) == (4, 60, 21)
    assert "4 asks in 60 days" in client.get(url).content.decode()


@pytest.fixture
def ppg(personas):
    practice = Organisation.objects.create(
        name="Synthetic Page Surgery",
        slug="synthetic-page-surgery",
        type="gp_practice",
        area_codes=["E06000016"],
    )
    membership(personas.lead, practice, Role.LEAD)
    membership(personas.viewer, practice, Role.VIEWER)
    return services.ppg_create(practice=practice, name="Synthetic Page PPG", actor=personas.lead)


def test_ppg_page_records_minutes_adds_and_completes_actions(client, personas, ppg):
    url = f"/patient-groups/{ppg.pk}/"
    client.force_login(personas.viewer)
    assert client.post(url, {"form": "meeting", "meeting-held_on": "2026-03-04"}).status_code == 403
    client.force_login(personas.lead)
    bad = client.post(
        url,
        {
            "form": "meeting",
            "meeting-held_on": "4 March",
            "meeting-attendees": "6",
            "meeting-minutes": "Synthetic minutes about booking",
        },
    )
    assert bad.status_code == 400 and "Synthetic minutes about booking" in bad.content.decode()
    assert (
        client.post(
            url,
            {
                "form": "meeting",
                "meeting-held_on": "2026-03-04",
                "meeting-attendees": "6",
                "meeting-minutes": "Synthetic minutes about booking",
            },
        ).status_code
        == 302
    )
    meeting = ppg.meetings.get()
    assert meeting.minutes == "Synthetic minutes about booking"
    bad = client.post(
        url,
        {
            "form": "action",
            "action-meeting": str(meeting.pk),
            "action-text": "",
            "action-owner": "Synthetic practice manager",
        },
    )
    assert bad.status_code == 400 and 'value="Synthetic practice manager"' in bad.content.decode()
    client.post(
        url,
        {
            "form": "action",
            "action-meeting": str(meeting.pk),
            "action-text": "Add a phone booking line",
            "action-owner": "Synthetic practice manager",
        },
    )
    action = PatientGroupAction.objects.get()
    assert action.owner == "Synthetic practice manager" and action.done_on is None
    bad = client.post(
        url,
        {
            "form": "done",
            "done-action": str(action.pk),
            "done-done_on": "2026-04-01",
            "done-patients_told": "",
        },
    )
    assert bad.status_code == 400 and 'value="2026-04-01"' in bad.content.decode()
    assert (
        client.post(
            url,
            {
                "form": "done",
                "done-action": str(action.pk),
                "done-done_on": "2026-04-01",
                "done-patients_told": "Newsletter, April",
            },
        ).status_code
        == 302
    )
    action.refresh_from_db()
    assert action.done_on == dt.date(2026, 4, 1) and action.patients_told == "Newsletter, April"
    body = client.get(url + "?year=2026").content.decode()
    assert "Synthetic minutes about booking" in body and "patients told: Newsletter, April" in body


def test_panel_page_records_a_meeting_logs_an_issue_and_reports_back(client, personas, register):
    panel = services.panel_create(
        organisation=personas.organisation,
        name="Synthetic page panel",
        actor=personas.lead,
        members=[register["group"]],
    )
    url = f"/panels/{panel.pk}/"
    client.force_login(personas.viewer)
    page = client.get(url)
    assert page.status_code == 200 and "Record a meeting" not in page.content.decode()
    assert (
        client.post(
            url, {"form": "meeting", "meeting-kind": "quarterly", "meeting-held_on": "2026-01-05"}
        ).status_code
        == 403
    )
    client.force_login(personas.lead)
    bad = client.post(
        url, {"form": "meeting", "meeting-held_on": "2026-01-05", "meeting-notes": "Synthetic notes"}
    )
    assert (
        bad.status_code == 400 and "Choose a quarterly meeting or the annual workshop" in bad.content.decode()
    )
    assert "Synthetic notes" in bad.content.decode()
    client.post(url, {"form": "meeting", "meeting-kind": "annual_workshop", "meeting-held_on": "2026-01-05"})
    meeting = panel.meetings.get()
    assert meeting.kind == "annual_workshop"
    bad = client.post(
        url,
        {
            "form": "issue",
            "issue-meeting": str(meeting.pk),
            "issue-title": "",
            "issue-communities": "Carers, Older people",
        },
    )
    assert bad.status_code == 400 and 'value="Carers, Older people"' in bad.content.decode()
    client.post(
        url,
        {
            "form": "issue",
            "issue-meeting": str(meeting.pk),
            "issue-title": "Synthetic clinic moved",
            "issue-communities": "Carers, Older people",
            "issue-theme_codes": "access; access.transport",
            "issue-raised_by": str(register["group"].pk),
        },
    )
    issue = PanelIssue.objects.get()
    assert issue.communities == ["Carers", "Older people"] and issue.theme_codes == [
        "access",
        "access.transport",
    ]
    assert issue.raised_by == register["group"]
    bad = client.post(
        url, {"form": "followup", "followup-issue": str(issue.pk), "followup-reported_back_on": "2026-02-01"}
    )
    assert bad.status_code == 400 and "Say what the panel was told back" in bad.content.decode()
    client.post(
        url,
        {
            "form": "followup",
            "followup-issue": str(issue.pk),
            "followup-follow_up": "Raised with the trust",
            "followup-followed_up_on": "2026-01-20",
        },
    )
    issue.refresh_from_db()
    assert issue.follow_up == "Raised with the trust" and issue.followed_up_on == dt.date(2026, 1, 20)
    client.post(
        url,
        {
            "form": "followup",
            "followup-issue": str(issue.pk),
            "followup-reported_back": "Synthetic: transport now funded",
            "followup-reported_back_on": "2026-02-01",
        },
    )
    issue.refresh_from_db()
    assert issue.reported_back_on == dt.date(2026, 2, 1) and issue.follow_up == "Raised with the trust"
    assert "Reported back" in client.get(url).content.decode()


def test_ppg_minutes_can_be_corrected_and_the_audit_keeps_what_they_said(client, personas, ppg):
    from folkmoot.core.models import AuditEvent

    meeting = services.ppg_meeting_record(
        group=ppg, held_on=dt.date(2026, 3, 4), actor=personas.lead, minutes="Synthetic draft minutes"
    )
    url = f"/patient-groups/{ppg.pk}/"
    client.force_login(personas.viewer)
    assert (
        client.post(
            url, {"form": "minutes", "minutes-meeting": str(meeting.pk), "minutes-minutes": "Changed"}
        ).status_code
        == 403
    )
    client.force_login(personas.lead)
    assert "Change a meeting's minutes" in client.get(url).content.decode()
    bad = client.post(url, {"form": "minutes", "minutes-meeting": str(meeting.pk), "minutes-minutes": ""})
    assert bad.status_code == 400 and "Enter the minutes" in bad.content.decode()
    done = client.post(
        url,
        {
            "form": "minutes",
            "minutes-meeting": str(meeting.pk),
            "minutes-minutes": "Synthetic agreed minutes: booking line discussed",
        },
    )
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Synthetic agreed minutes: booking line discussed"
    change = AuditEvent.objects.filter(summary__startswith="Changed the minutes").get()
    assert change.data["before"] == "Synthetic draft minutes"


def test_an_unused_rate_is_deleted_and_a_used_one_retired_and_no_longer_offered(
    client, personas, register, agreement
):
    unused = services.rate_set(
        organisation=personas.organisation,
        actor=personas.admin,
        code="old",
        label="Synthetic old rate",
        kind="involvement",
        amount="10",
        unit="per hour",
    )
    used = services.rate_set(
        organisation=personas.organisation,
        actor=personas.admin,
        code="hour",
        label="Synthetic hourly rate",
        kind="involvement",
        amount="20",
        unit="per hour",
    )
    payment = services.payment_record(
        engagement=personas.engagement,
        payee=register["group"],
        kind="involvement",
        agreed_on=dt.date(2026, 1, 12),
        actor=personas.lead,
        rate=used,
        quantity=2,
    )
    client.force_login(personas.lead)
    assert (
        client.post(
            f"/dashboard/{personas.organisation.slug}/reach-settings/rates/{unused.pk}/remove/"
        ).status_code
        == 403
    )
    client.force_login(personas.admin)
    base = f"/dashboard/{personas.organisation.slug}/reach-settings/rates"
    assert client.post(f"{base}/{unused.pk}/remove/").status_code == 302
    assert not PaymentRate.objects.filter(pk=unused.pk).exists()
    client.post(f"{base}/{used.pk}/remove/")
    used.refresh_from_db()
    payment.refresh_from_db()
    assert used.retired_on is not None and payment.rate_id == used.pk and payment.amount == 40
    assert (
        "Retired on"
        in client.get(f"/dashboard/{personas.organisation.slug}/reach-settings/").content.decode()
    )
    with pytest.raises(Exception, match="was retired"):
        services.payment_record(
            engagement=personas.engagement,
            payee=register["group"],
            kind="involvement",
            agreed_on=dt.date(2026, 1, 13),
            actor=personas.lead,
            rate=used,
        )
    ledger = client.get(f"/engagements/{personas.engagement.pk}/reach/ledger/").content.decode()
    assert "Synthetic hourly rate: £20.00" not in ledger
