"""The planner in Chromium, checked with axe after every page: fill step 1, fix a wrong date, see the
checks, submit for sign-off; another person approves; the plain-English checker and report upload."""

import pytest

from folkmoot.plan import services
from folkmoot.plan.tests.plans import strong

pytestmark = [pytest.mark.browser, pytest.mark.sqlite, pytest.mark.django_db(transaction=True)]


def test_lead_plans_step_by_step_and_submits(page, live_server, axe, personas, signed_in):
    signed_in(personas.lead)
    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/")
    axe.check(page)
    page.get_by_role("link", name="Start the plan for Urgent care survey").click()
    axe.check(page)
    assert "Say clearly why you need to engage" in page.content()
    page.get_by_role("link", name="Aims and objectives").click()
    axe.check(page)
    page.get_by_label("Why do you need to engage?").fill(
        "People wait too long for same-day help and we need to know why."
    )
    page.get_by_label("Which decision will this inform?").fill("Which option the board chooses")
    page.get_by_label("When will the decision be made?").fill("2027-06-30")
    page.get_by_label("What can people influence?").fill("Opening hours\nWhere services are")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/plan/step/who/")
    axe.check(page)
    assert page.locator("h1").inner_text() == "Who to engage"
    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/plan/step/timeline/")
    axe.check(page)
    page.get_by_label("Start date").fill("2027-03-01")
    page.get_by_label("End date").fill("2027-02-01")
    page.get_by_role("button", name="Save and continue").click()
    axe.check(page)
    assert "There is a problem" in page.content()
    page.get_by_role("link", name="before the start date").first.click()
    assert page.evaluate("document.activeElement.id") == "timeline-end"
    page.get_by_label("End date").fill("2027-05-01")
    page.get_by_role("button", name="Save and return to the plan").click()
    page.wait_for_url(f"**/engagements/{personas.engagement.pk}/plan/")
    axe.check(page)
    page.get_by_role("button", name="Submit for sign-off").click()
    axe.check(page)
    assert "Submitted for sign-off" in page.content()


def test_approver_signs_off_and_downloads_the_pdf(page, live_server, axe, personas, signed_in):
    plan = services.plan_save(
        engagement=personas.engagement, actor=personas.lead, data=strong(), replace=True
    )
    services.plan_transition(plan=plan, actor=personas.lead, to="submitted")
    signed_in(personas.admin)
    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/plan/")
    axe.check(page)
    page.get_by_role("button", name="Approve plan").click()
    axe.check(page)
    assert "Plan approved." in page.content()
    response = page.request.get(f"{live_server.url}/engagements/{personas.engagement.pk}/plan.pdf")
    assert response.headers["content-type"] == "application/pdf" and response.body()[:4] == b"%PDF"


def test_plain_english_checker_and_report_upload(page, live_server, axe, personas, signed_in, tmp_path):
    signed_in(personas.lead)
    page.goto(f"{live_server.url}/plain-english/")
    axe.check(page)
    page.get_by_label("Text to check").fill("The ICB will deliver a new outpatient pathway.")
    page.get_by_role("button", name="Check").click()
    axe.check(page)
    assert "GP surgeries" not in page.content() and "the NHS organisation that plans" in page.content()
    report = tmp_path / "healthwatch_dentists.txt"
    report.write_text("Healthwatch Test. Key findings: people could not find an NHS dentist.")
    page.goto(f"{live_server.url}/dashboard/{personas.organisation.slug}/reports/")
    axe.check(page)
    page.set_input_files("#id_file", str(report))
    page.get_by_label("Title").fill("Dentists report")
    page.get_by_role("button", name="Upload").click()
    axe.check(page)
    assert page.locator("h1").inner_text() == "Dentists report"
    page.goto(f"{live_server.url}/methods/")
    axe.check(page)


def test_every_step_of_a_full_plan_is_accessible(page, live_server, axe, personas, signed_in):
    from folkmoot.plan.steps import STEPS

    services.plan_save(engagement=personas.engagement, actor=personas.lead, data=strong(), replace=True)
    signed_in(personas.lead)
    for step in STEPS:
        page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/plan/step/{step.slug}/")
        axe.check(page)
        assert page.locator("h1").inner_text() == step.title
    # The last step screens each legal duty, with the saved answers ticked.
    assert page.locator("#duties-s14z45-applies").is_checked()
    assert page.locator("#duties-s13q-applies-2").is_checked()
