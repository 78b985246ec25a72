"""One journey with the keyboard alone: sign in, then open an engagement."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.sqlite, pytest.mark.django_db(transaction=True)]


def _tab_to(page, predicate_js: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return
    raise AssertionError(f"Never reached an element where {predicate_js} with Tab")


def test_keyboard_only_sign_in_and_open_an_engagement(page, live_server, axe, personas):
    page.goto(live_server.url + "/")
    axe.check(page)
    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    _tab_to(page, "document.activeElement.textContent.includes('Sign in (staff')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/sign-in/")
    axe.check(page)
    _tab_to(page, "document.activeElement.id === 'id_username'")
    page.keyboard.type("lead")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type("correct-horse-battery")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/test-shire-icb/")
    axe.check(page)
    _tab_to(page, "document.activeElement.textContent.trim() === 'All engagements'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/engagements/")
    axe.check(page)
    _tab_to(page, "document.activeElement.textContent.trim() === 'Urgent care survey'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/engagements/{personas.engagement.pk}/")
    axe.check(page)
    assert page.locator("h1").inner_text() == "Urgent care survey"
    # Focus is visible: the focused element has a yellow NHS focus style.
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "getComputedStyle(document.activeElement).backgroundColor + getComputedStyle(document.activeElement).boxShadow"
    )
    assert outline
