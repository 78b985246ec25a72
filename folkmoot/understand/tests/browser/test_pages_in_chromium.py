"""An analyst and a viewer use the results and who-is-missing pages in Chromium: axe-clean, GET filters work."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_viewer_filters_results_and_reads_who_is_missing_with_axe_on_every_page(
    page, live_server, axe, signed_in, personas, leicester, responses
):
    signed_in(personas.viewer)
    page.goto(f"{live_server.url}/understand/engagements/{personas.engagement.pk}/results/")
    axe.check(page)
    assert page.locator("h1").inner_text() == "Results"
    page.select_option("#channel", "paper")
    page.check("#weighted")
    page.get_by_role("button", name="Show results").click()
    axe.check(page)
    assert "channel=paper" in page.url
    assert "Showing 10 of the responses" in page.content()
    page.goto(f"{live_server.url}/understand/engagements/{personas.engagement.pk}/who-is-missing/")
    axe.check(page)
    assert page.get_by_role("heading", name="Disability").is_visible()


def test_analyst_sees_unsuppressed_pages_axe_clean(
    page, live_server, axe, signed_in, personas, leicester, responses
):
    signed_in(personas.analyst)
    for path in ["results/?q=waiting", "who-is-missing/"]:
        page.goto(f"{live_server.url}/understand/engagements/{personas.engagement.pk}/{path}")
        axe.check(page)
        assert page.get_by_text("Unsuppressed figures").first.is_visible()


def test_admin_sets_disclosure_control_with_an_error_first(page, live_server, axe, signed_in, personas):
    signed_in(personas.admin)
    page.goto(f"{live_server.url}/understand/engagements/{personas.engagement.pk}/disclosure/")
    axe.check(page)
    page.fill("#id_suppress_below", "2")
    page.get_by_role("button", name="Save").click()
    axe.check(page)
    assert page.locator(".nhsuk-error-summary").is_visible()
    page.fill("#id_suppress_below", "10")
    page.get_by_role("button", name="Save").click()
    axe.check(page)
    assert "Disclosure control for Test Shire ICB is saved." in page.content()


def test_analyst_pages_mark_unsuppressed_figures_and_work_without_javascript(
    browser, live_server, personas, leicester, responses, client
):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    client.force_login(personas.analyst)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    for path in ["results/", "results/?q=waiting", "who-is-missing/"]:
        page.goto(f"{live_server.url}/understand/engagements/{personas.engagement.pk}/{path}")
        assert "Unsuppressed figures" in page.content()
    context.close()
