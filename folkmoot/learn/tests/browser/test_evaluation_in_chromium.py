"""In Chromium: a participant evaluates without signing in (axe-clean, also with JavaScript off), and the lead
enters a paper evaluation and a reflection from the engagement page,
then makes the evidence pack."""

import pytest

from folkmoot.learn.models import Evaluation, EvaluationChannel, EvidencePack, Reflection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.sqlite
def test_participant_answers_with_an_error_first_and_every_page_is_axe_clean(
    page, live_server, axe, personas
):
    page.goto(f"{live_server.url}/evaluate/{personas.engagement.pk}/")
    axe.check(page)
    page.check("input[name='easy_to_take_part'][value='partly']")
    page.fill("textarea[name='comment']", "The bus times made it hard")
    with page.expect_navigation():
        page.click("button:has-text('Send')")  # the second question is missing
    axe.check(page)
    assert "Select whether you felt listened to" in page.locator(".nhsuk-error-summary").inner_text()
    assert page.input_value("textarea[name='comment']") == "The bus times made it hard"
    assert page.is_checked("input[name='easy_to_take_part'][value='partly']")
    page.check("input[name='felt_listened_to'][value='yes']")
    with page.expect_navigation():
        page.click("button:has-text('Send')")
    axe.check(page)
    assert "Thank you" in page.inner_text("main")
    saved = Evaluation.objects.get()
    assert (saved.easy_to_take_part, saved.felt_listened_to, saved.comment) == (
        "partly",
        "yes",
        "The bus times made it hard",
    )


def test_participant_can_answer_with_javascript_off(browser, live_server, personas):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/evaluate/{personas.engagement.pk}/")
    page.check("input[name='easy_to_take_part'][value='no']")
    page.check("input[name='felt_listened_to'][value='partly']")
    page.click("button:has-text('Send')")
    assert "Thank you" in page.inner_text("main")
    context.close()
    assert Evaluation.objects.get().channel == EvaluationChannel.ONLINE


def test_lead_enters_paper_evaluation_and_reflection_from_the_engagement_page(
    page, live_server, axe, signed_in, personas, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    signed_in(personas.lead)
    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/")
    axe.check(page)
    assert "No participant evaluations yet" in page.inner_text("main")
    with page.expect_navigation():
        page.click("a:has-text('Enter paper evaluations')")
    axe.check(page)
    page.check("input[name='easy_to_take_part'][value='yes']")
    page.check("input[name='felt_listened_to'][value='yes']")
    with page.expect_navigation():
        page.click("button:has-text('Save')")
    axe.check(page)
    assert "Evaluation saved" in page.inner_text("main")
    assert Evaluation.objects.get().channel == EvaluationChannel.PAPER
    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/")
    axe.check(page)
    with page.expect_navigation():
        page.click("a:has-text('Add a reflection')")
    axe.check(page)
    page.fill("textarea[name='what_worked']", "Drop-in sessions at the library")
    page.fill("textarea[name='what_to_change']", "Start earlier")
    with page.expect_navigation():
        page.click("button:has-text('Save')")
    axe.check(page)
    assert "Drop-in sessions at the library" in page.inner_text("main")
    assert Reflection.objects.get().author == personas.lead
    with page.expect_navigation():
        page.click("button:has-text('Make the evidence pack (PDF)')")
    axe.check(page)
    assert "Download the evidence pack (PDF)" in page.inner_text("main")
    pack = EvidencePack.objects.get()
    assert pack.requested_by == personas.lead and pack.path.endswith(".pdf")


def test_lead_reads_the_annual_report_from_the_dashboard_and_it_is_axe_clean(
    page, live_server, axe, signed_in, personas
):
    signed_in(personas.lead)
    page.goto(f"{live_server.url}/dashboard/{personas.organisation.slug}/")
    axe.check(page)
    with page.expect_navigation():
        page.click("a:has-text('Annual report')")
    axe.check(page)
    page.fill("input[name='year']", "1999")
    with page.expect_navigation():
        page.click("button:has-text('Show this year')")
    axe.check(page)
    assert "has no engagements that ran in 1999" in page.inner_text("main")
