"""A lead records decisions and publishes; the public reads the page. axe-clean, and with JavaScript off."""

import pytest

from folkmoot.feedback import selectors, services
from folkmoot.listen.models import Survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_records_a_decision_publishes_and_the_public_reads_it(
    page, live_server, axe, signed_in, personas, closed
):
    Survey.objects.filter(engagement=closed).update(languages=["pl"])
    finding = services.finding_create(
        actor=personas.lead, engagement=closed, said="The phone queue at 8am is too long"
    )
    signed_in(personas.lead)
    page.goto(f"{live_server.url}/engagements/{closed.pk}/")
    axe.check(page)
    page.click("text=You said, we did: findings and decisions")
    axe.check(page)
    assert "1 finding needs a decision" in page.content()
    page.click("text=Add a finding by hand")
    axe.check(page)
    page.go_back()
    axe.check(page)
    page.click("text=Record the decision")
    axe.check(page)
    page.check("input[value=could_not]")
    page.fill("#id_we_did", "We asked for more phone lines")
    page.fill("#id_owner", "Head of Primary Care")
    page.click("button:has-text('Save decision')")
    axe.check(page)  # error summary: the reason is missing
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert page.input_value("#id_we_did") == "We asked for more phone lines"
    page.click(".nhsuk-error-summary a")
    page.fill("#id_reason", "The phone contract runs until 2027")
    page.click("button:has-text('Save decision')")
    page.wait_for_url(f"**/feedback/engagements/{closed.pk}/")
    axe.check(page)
    page.click("text=Translate into")
    axe.check(page)
    page.fill("#id_said", "Kolejka telefoniczna o 8 rano jest za długa")
    page.click("button:has-text('Save translation')")
    page.wait_for_url(f"**/feedback/engagements/{closed.pk}/")
    axe.check(page)
    page.click("text=Publish the page")
    axe.check(page)
    page.check("input[value=yes]")
    page.click("button:has-text('Save')")
    page.wait_for_url(f"**/feedback/engagements/{closed.pk}/")
    axe.check(page)
    page.context.clear_cookies()  # the public page needs no account
    page.goto(live_server.url + selectors.public_url(engagement=closed))
    axe.check(page)
    assert "The phone contract runs until 2027" in page.content()
    page.click("text=Easy read version")
    axe.check(page)
    assert "We could not do this." in page.content()
    page.goto(live_server.url + selectors.public_url(engagement=closed) + "?lang=pl")
    axe.check(page)
    assert "Kolejka telefoniczna o 8 rano jest za długa" in page.content()
    page.goto(f"{live_server.url}/o/test-shire-icb/you-said-we-did/")
    axe.check(page)
    assert finding.engagement.title in page.content()


def test_decisions_and_the_public_page_work_with_javascript_off(
    browser, live_server, client, personas, closed
):
    finding = services.finding_create(actor=personas.lead, engagement=closed, said="Letters are confusing")
    client.force_login(personas.lead)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/feedback/findings/{finding.pk}/decision/")
    page.check("input[value=did]")
    page.fill("#id_we_did", "We rewrote the letters with a reading group")
    page.fill("#id_owner", "Communications lead")
    page.click("button:has-text('Save decision')")
    page.wait_for_url(f"**/feedback/engagements/{closed.pk}/")
    assert "We rewrote the letters with a reading group" in page.content()
    page.goto(f"{live_server.url}/feedback/engagements/{closed.pk}/settings/")
    page.check("input[value=yes]")
    page.click("button:has-text('Save')")
    page.wait_for_url(f"**/feedback/engagements/{closed.pk}/")
    context.clear_cookies()
    page.goto(live_server.url + selectors.public_url(engagement=closed))
    assert "We rewrote the letters with a reading group" in page.content()
    context.close()
