"""Reach pages in Chromium, checked with axe after every page: the register (with a duplicate flagged), a
stakeholder's history and fatigue check, the power/interest grid, the ledger refusing a payment without an
agreement, a PPG's profile, and the staff pages: payment rates and fatigue limits, PPG minutes and actions, and the
early-warning panel's meetings and issues."""

import datetime as dt

import pytest

from folkmoot.core.models import Organisation, Role
from folkmoot.core.tests.factories import membership
from folkmoot.reach import services
from folkmoot.reach.models import Payment, Stakeholder

pytestmark = [pytest.mark.browser, pytest.mark.sqlite, pytest.mark.django_db(transaction=True)]


def test_lead_adds_a_duplicate_records_contact_and_places_it_on_the_grid(
    page, live_server, axe, personas, register, signed_in
):
    signed_in(personas.lead)
    page.goto(f"{live_server.url}/dashboard/{personas.organisation.slug}/stakeholders/")
    axe.check(page)
    page.get_by_label("Name", exact=True).fill("Synthetic Riverside Carers Group Ltd")
    page.get_by_label("Organisation or group").check()
    page.get_by_label("Email address (optional)").fill("carers@example.org")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Add to the register").click()
    axe.check(page)
    assert (
        "may be a duplicate" in page.content()
        and "Same email as Synthetic Riverside Carers Group" in page.content()
    )
    page.get_by_label("Date", exact=True).fill("2026-02-20")
    page.get_by_label("What it was about").fill("Invited to a synthetic listening event")
    page.get_by_role("button", name="Record contact").click()
    axe.check(page)
    assert "Invited to a synthetic listening event" in page.content()
    page.goto(f"{live_server.url}/dashboard/{personas.organisation.slug}/stakeholders/?community=carers")
    axe.check(page)
    assert "Synthetic Peer Researcher Ada" in page.content() and "Synthetic Imam Test" not in page.content()
    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/reach/grid/")
    axe.check(page)
    page.get_by_label("Stakeholder").select_option(label="Synthetic Imam Test")
    page.get_by_label("Influence over decisions (power)").select_option("2")
    page.get_by_label("Interest in, or impact from, this engagement").select_option("5")
    page.get_by_role("button", name="Save").click()
    axe.check(page)
    assert page.locator("#grid-title").text_content() == "Power and interest grid"
    assert "Keep informed and involved" in page.locator("table").inner_text()


def test_ledger_refuses_a_payment_without_an_agreement_and_keeps_what_was_typed(
    page, live_server, axe, personas, register, signed_in
):
    signed_in(personas.lead)
    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/reach/ledger/")
    axe.check(page)
    page.locator("#id_payment-payee").select_option(label="Synthetic Peer Researcher Ada")
    page.get_by_label("Involvement payment", exact=True).check()
    page.locator("#id_payment-amount").fill("40")
    page.locator("#id_payment-description").fill("Synthetic interview session")
    page.locator("#id_payment-agreed_on").fill("2026-02-01")
    page.get_by_role("button", name="Save payment").click()
    axe.check(page)
    assert "There is no agreement with Synthetic Peer Researcher Ada" in page.content()
    assert page.locator("#id_payment-description").input_value() == "Synthetic interview session"
    assert Payment.objects.count() == 0


def test_ppg_page_shows_the_profile_against_the_practice_and_the_evidence(
    page, live_server, axe, personas, signed_in
):
    practice = Organisation.objects.create(
        name="Synthetic Browser Surgery",
        slug="synthetic-browser-surgery",
        type="gp_practice",
        area_codes=["E06000016"],
    )
    membership(personas.lead, practice, Role.LEAD)
    group = services.ppg_create(practice=practice, name="Synthetic Browser PPG", actor=personas.lead)
    page_url = f"{live_server.url}/patient-groups/{group.pk}/"
    signed_in(personas.lead)
    page.goto(page_url)
    axe.check(page)
    assert "no members yet" in page.content()
    page.get_by_label("Age (optional)").fill("sixty")
    page.get_by_role("button", name="Add member").click()
    axe.check(page)
    assert (
        "Enter the member" in page.content() and page.get_by_label("Age (optional)").input_value() == "sixty"
    )
    page.get_by_label("Name", exact=True).fill("Synthetic first member")
    page.get_by_label("Age (optional)").fill("64")
    page.get_by_role("button", name="Add member").click()
    axe.check(page)
    assert "Added Synthetic first member to the group" in page.content()
    for i in range(12):
        services.ppg_member_add(
            group=group, name=f"Synthetic member {i}", actor=personas.lead, age=70 + i, sex="Female"
        )
    services.ppg_meeting_record(group=group, held_on=dt.date.today(), actor=personas.lead, attendees=7)
    page.goto(page_url)
    axe.check(page)
    assert "local authority" in page.content() and "Meetings held" in page.content()
    assert Stakeholder.objects.count() == 0


def test_methods_suggestions_panel_ppg_and_settings_pages_are_accessible(
    page, live_server, axe, personas, register, signed_in
):
    practice = Organisation.objects.create(
        name="Synthetic Journey Surgery",
        slug="synthetic-journey-surgery",
        type="gp_practice",
        area_codes=["E06000016"],
    )
    membership(personas.lead, practice, Role.LEAD)
    group = services.ppg_create(practice=practice, name="Synthetic Journey PPG", actor=personas.lead)
    panel = services.panel_create(
        organisation=personas.organisation,
        name="Synthetic browser panel",
        actor=personas.lead,
        members=[register["group"]],
    )
    meeting = services.panel_meeting_record(panel=panel, held_on=dt.date(2026, 1, 5), actor=personas.lead)
    services.panel_issue_record(
        meeting=meeting,
        title="Synthetic: clinic moved without notice",
        actor=personas.lead,
        communities=["Carers"],
        theme_codes=["access"],
    )
    signed_in(personas.lead)
    page.goto(f"{live_server.url}/dashboard/{personas.organisation.slug}/methods/")
    axe.check(page)
    all_rows = page.locator("table").first.locator("tbody tr").count()
    page.get_by_label("Channel").select_option("online")
    page.get_by_role("button", name="Filter methods").click()
    axe.check(page)
    assert 0 < page.locator("table").first.locator("tbody tr").count() < all_rows
    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/reach/suggestions/")
    axe.check(page)
    assert "no plan with target groups" in page.content()
    page.goto(f"{live_server.url}/panels/{panel.pk}/")
    axe.check(page)
    assert "Synthetic: clinic moved without notice" in page.content() and "Open" in page.content()
    # The panel page: record the annual workshop, log an issue there, follow it up and report back.
    page.get_by_label("Annual workshop").check()
    page.locator("#id_meeting-held_on").fill("2026-03-10")
    page.get_by_role("button", name="Record meeting").click()
    axe.check(page)
    assert "Meeting recorded" in page.content() and "Annual workshop" in page.content()
    page.get_by_label("Meeting it was raised at").select_option(label="10 March 2026: Annual workshop")
    page.get_by_label("Communities affected (optional)").fill("Carers, Older people")
    page.get_by_role("button", name="Log issue").click()
    axe.check(page)
    assert "Give the issue a short title" in page.content()
    assert page.get_by_label("Communities affected (optional)").input_value() == "Carers, Older people"
    page.get_by_label("Issue", exact=True).fill("Synthetic: no bus to the new hub")
    page.get_by_label("Theme codes (optional)").fill("access.transport")
    page.get_by_role("button", name="Log issue").click()
    axe.check(page)
    page.get_by_label("Issue to update").select_option(label="Synthetic: no bus to the new hub")
    page.get_by_label("What the panel was told back (optional)").fill("Synthetic: a shuttle bus now runs")
    page.get_by_role("button", name="Save follow-up").click()
    axe.check(page)
    assert (
        "Marked as reported back" in page.content() and "Synthetic: a shuttle bus now runs" in page.content()
    )
    # A PPG page: record minutes, add an action, then mark it done with how patients were told.
    page.goto(f"{live_server.url}/patient-groups/{group.pk}/")
    axe.check(page)
    page.get_by_label("Date of the meeting").fill("2026-03-04")
    page.get_by_label("Minutes (optional)").fill("Synthetic minutes: phone booking is hard")
    page.get_by_role("button", name="Record meeting").click()
    axe.check(page)
    assert "Synthetic minutes: phone booking is hard" in page.content()
    page.get_by_label("Meeting it was agreed at").select_option(label="04 March 2026")
    page.get_by_label("What the action is").fill("Synthetic: add a phone booking line")
    page.get_by_role("button", name="Add action").click()
    axe.check(page)
    page.get_by_label("Action that was done").select_option(label="Synthetic: add a phone booking line")
    page.get_by_label("Done on").fill("2026-04-01")
    page.get_by_role("button", name="Mark done").click()
    axe.check(page)
    assert (
        "Say how patients were told" in page.content()
        and page.get_by_label("Done on").input_value() == "2026-04-01"
    )
    page.get_by_label("How patients were told").fill("Synthetic newsletter, April")
    page.get_by_role("button", name="Mark done").click()
    axe.check(page)
    assert "Action marked done" in page.content() and "Synthetic newsletter, April" in page.content()
    # Settings need CONFIGURE: an administrator adds a payment rate and changes the fatigue limits.
    signed_in(personas.admin)
    page.goto(f"{live_server.url}/dashboard/{personas.organisation.slug}/reach-settings/")
    axe.check(page)
    page.get_by_label("Short code").fill("involvement-hour")
    page.get_by_label("Name", exact=True).fill("Synthetic hourly involvement")
    page.get_by_label("Involvement payment").check()
    page.get_by_label("Amount in pounds").fill("a lot")
    page.get_by_label("Per", exact=True).fill("per hour")
    page.get_by_role("button", name="Save rate").click()
    axe.check(page)
    assert "Enter an amount in pounds" in page.content()
    assert page.get_by_label("Name", exact=True).input_value() == "Synthetic hourly involvement"
    page.get_by_label("Amount in pounds").fill("25")
    page.get_by_role("button", name="Save rate").click()
    axe.check(page)
    assert (
        "Saved the rate Synthetic hourly involvement" in page.content()
        and "£25.00 per hour" in page.content()
    )
    page.get_by_label("Warn at this many asks").fill("5")
    page.get_by_role("button", name="Save limits").click()
    axe.check(page)
    assert "5 asks in 90 days" in page.content()
