"""Real Chromium: every core page passes axe-core at WCAG 2.2 A/AA, with and without JavaScript."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_are_accessible(page, live_server, axe, personas):
    for path in [
        "/",
        reverse("core:organisation-public", args=["test-shire-icb"]),
        reverse("core:accessibility"),
        reverse("core:about-data"),
        reverse("core:sign-in"),
        "/no-such-page/",
    ]:
        page.goto(live_server.url + path)
        axe.check(page)
    assert page.locator("h1").inner_text() == "Page not found"


def test_staff_pages_are_accessible(page, live_server, axe, personas, signed_in):
    signed_in(personas.admin)
    engagement = personas.engagement
    for path in [
        reverse("core:organisation-dashboard", args=["test-shire-icb"]),
        reverse("core:engagement-list"),
        reverse("core:engagement-detail", args=[engagement.pk]),
        reverse("core:engagement-edit", args=[engagement.pk]),
        reverse("core:engagement-create", args=["test-shire-icb"]),
        reverse("core:job-list"),
        reverse("core:audit-log", args=["test-shire-icb"]),
        reverse("core:sign-out"),
    ]:
        page.goto(live_server.url + path)
        axe.check(page)


def test_error_summary_is_accessible_and_focusable(page, live_server, axe, personas, signed_in):
    signed_in(personas.lead)
    page.goto(live_server.url + reverse("core:engagement-create", args=["test-shire-icb"]))
    axe.check(page)
    page.fill("#id_summary", "What we typed")
    page.click("button:has-text('Save')")
    axe.check(page)
    summary = page.locator(".nhsuk-error-summary")
    assert "Enter a title" in summary.inner_text()
    assert page.input_value("#id_summary") == "What we typed"
    summary.locator("a[href='#id_title']").click()
    assert page.evaluate("document.activeElement.id") == "id_title"


def test_job_progress_page_works_and_finishes(page, live_server, axe, personas, signed_in):
    signed_in(personas.lead)
    page.goto(live_server.url + reverse("core:organisation-dashboard", args=["test-shire-icb"]))
    axe.check(page)
    page.click("button:has-text('Rebuild statistics')")
    axe.check(page)
    assert "Finished" in page.locator("[data-job-text]").inner_text()
    assert page.locator("progress").get_attribute("value") == "1"


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_sign_in_and_create_an_engagement_with_javascript_off(no_js_page, live_server, personas):
    page = no_js_page
    page.goto(live_server.url + reverse("core:sign-in"))
    page.fill("#id_username", "lead")
    page.fill("#id_password", "correct-horse-battery")
    page.click("button:has-text('Sign in')")
    assert page.locator("h1").inner_text() == "Test Shire ICB"
    page.goto(live_server.url + reverse("core:engagement-create", args=["test-shire-icb"]))
    page.fill("#id_title", "Made without JavaScript")
    page.click("button:has-text('Save')")
    assert page.locator("h1").inner_text() == "Made without JavaScript"
    page.goto(live_server.url + reverse("core:sign-out"))
    page.click("button:has-text('Sign out')")
    assert page.locator("h1").inner_text() == "Folkmoot: hear everyone"


def test_the_axe_harness_fails_on_a_real_violation(page, live_server, axe):
    """The check must be able to fail: an image without alt text and an unlabelled input."""
    page.goto(live_server.url + "/")
    axe.check(page)
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\"><input type=\"text\">')"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        axe.check(page)
