"""A member of the public answers in Chromium: every page axe-clean, keyboard only, and with JavaScript off."""

import pytest

from folkmoot.listen import services
from folkmoot.listen.models import Response, ResponseStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey(personas):
    survey = services.survey_create(
        actor=personas.lead,
        engagement=personas.engagement,
        title="Your GP",
        slug="your-gp",
        languages=["ur"],
        translations={"ur": {"title": "آپ کا جی پی"}},
        easy_read_introduction="Tell us about your GP.",
    )
    services.question_add(
        survey=survey, type="fft", code="fft", text="Overall, how was your experience?", required=True
    )
    services.question_add(
        survey=survey,
        type="multiple",
        code="barriers",
        text="What got in the way?",
        options=["Cost", "Phone"],
    )
    services.question_add(survey=survey, type="rating", code="rating", text="How would you rate us?")
    services.question_add(survey=survey, type="text", code="comment", text="Tell us more")
    services.question_add(survey=survey, type="date", code="when", text="When did you last visit?")
    services.question_add(survey=survey, type="postcode", code="postcode", text="What is your postcode?")
    services.survey_add_equality_block(survey=survey, keys=["age_band"])
    services.survey_set_status(actor=personas.lead, survey=survey, status="open")
    return survey


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching selector has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.sqlite
def test_keyboard_only_completion_with_axe_on_every_page(page, live_server, axe, survey):
    page.goto(f"{live_server.url}/s/your-gp/")
    axe.check(page)
    tab_to(page, "form button.nhsuk-button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/q/fft/")
    axe.check(page)
    tab_to(page, "button:not([name])")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # continue without answering: error summary
    axe.check(page)
    assert "Select an answer" in page.locator(".nhsuk-error-summary").inner_text()
    tab_to(page, "#answer")  # radios: arrow keys move and select
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#answer-2")
    tab_to(page, "button:not([name])")
    page.keyboard.press("Enter")
    for url_part in [
        "/q/barriers/",
        "/q/rating/",
        "/q/comment/",
        "/q/when/",
        "/q/postcode/",
        "/q/eq-age-band/",
    ]:
        page.wait_for_url(f"**{url_part}")
        axe.check(page)
        if url_part == "/q/comment/":
            tab_to(page, "#answer")
            page.keyboard.type("The receptionist was kind.")
        tab_to(page, "button:not([name])")
        page.keyboard.press("Enter")
    page.wait_for_url("**/check/")
    axe.check(page)
    assert "The receptionist was kind." in page.inner_text("main")
    tab_to(page, "form button.nhsuk-button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/done/**")
    axe.check(page)
    reference = page.locator(".nhsuk-panel__body strong").inner_text()
    saved = Response.objects.get(reference=reference)
    assert saved.status == ResponseStatus.SUBMITTED


def test_other_pages_are_accessible_including_right_to_left(page, live_server, axe, survey):
    for path in ["/s/your-gp/?lang=ur", "/s/your-gp/?easy=1", "/s/your-gp/other-format/"]:
        page.goto(live_server.url + path)
        axe.check(page)
    page.goto(live_server.url + "/s/your-gp/?lang=ur")
    axe.check(page)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.goto(live_server.url + "/s/your-gp/other-format/")
    axe.check(page)
    with page.expect_navigation():
        page.click("button:has-text('Send request')")
    axe.check(page)
    assert "Choose the format you need" in page.locator(".nhsuk-error-summary").inner_text()


def test_completion_with_javascript_off(browser, live_server, survey):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/your-gp/")
    page.click("button:has-text('Start now')")
    page.check("input[value='Very good']")
    page.click("button:has-text('Continue')")
    page.click("button:has-text('Save and come back later')")
    link = page.locator("#resume-link").get_attribute("href")
    context.close()
    context = browser.new_context(java_script_enabled=False)  # a new browser, later
    page = context.new_page()
    page.goto(link)
    assert page.url.endswith("/q/barriers/")
    for _ in range(6):
        page.click("button:has-text('Continue')")
    page.click("button:has-text('Send my answers')")
    assert "Your reference number" in page.inner_text("main")
    context.close()
    assert Response.objects.get().answers.get(question__code="fft").value == "Very good"
