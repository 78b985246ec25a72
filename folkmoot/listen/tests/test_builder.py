"""Building a survey from the staff pages: create, add questions with skip logic, translate, open."""

import pytest
from django.urls import reverse

from folkmoot.listen.models import Survey

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite
def test_lead_builds_translates_and_opens_a_survey(client, personas):
    client.force_login(personas.lead)
    engagement = personas.engagement
    assert (
        reverse("listen:survey-new", args=[engagement.pk])
        in client.get(reverse("core:engagement-detail", args=[engagement.pk])).content.decode()
    )
    bad = client.post(reverse("listen:survey-new", args=[engagement.pk]), {"title": ""})
    assert bad.status_code == 400 and "Enter a title" in bad.content.decode()
    client.post(
        reverse("listen:survey-new", args=[engagement.pk]),
        {"title": "Dentists", "introduction": "Why we ask", "languages": "pa, ur", "equality": "1"},
    )
    survey = Survey.objects.get(title="Dentists")
    assert survey.languages == ["pa", "ur"] and survey.questions.filter(type="equality").count() == 11
    add = reverse("listen:question-new", args=[survey.slug])
    missing = client.post(add, {"type": "single", "text": "Can you see a dentist?"})
    assert "Enter the options, one on each line" in missing.content.decode()
    client.post(
        add, {"type": "single", "text": "Can you see a dentist?", "options": "Yes\nNo", "required": "1"}
    )
    first = survey.questions.get(text="Can you see a dentist?")
    client.post(
        add,
        {"type": "text", "text": "What stops you?", "show_if_question": first.code, "show_if_equals": "No"},
    )
    second = survey.questions.get(text="What stops you?")
    assert first.required and first.options == [
        {"value": "Yes", "label": "Yes"},
        {"value": "No", "label": "No"},
    ]
    assert second.show_if == {"question": first.code, "equals": "No"}
    client.post(
        reverse("listen:translate", args=[survey.slug, "ur"]),
        {"title": "دانتوں کے ڈاکٹر", f"q-{first.code}": "کیا آپ دانتوں کے ڈاکٹر کو دیکھ سکتے ہیں؟"},
    )
    survey.refresh_from_db()
    first.refresh_from_db()
    assert survey.translations["ur"]["title"] == "دانتوں کے ڈاکٹر" and "ur" in first.translations
    client.post(reverse("listen:survey-status", args=[survey.slug]), {"status": "open"})
    survey.refresh_from_db()
    assert survey.status == "open"
    page = client.get(reverse("listen:start", args=[survey.slug]) + "?lang=ur").content.decode()
    assert "دانتوں کے ڈاکٹر" in page


def test_partner_cannot_build_surveys(client, personas):
    client.force_login(personas.partner)
    assert client.get(reverse("listen:survey-new", args=[personas.engagement.pk])).status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_builder_pages_are_accessible(page, live_server, axe, personas, signed_in):
    from folkmoot.listen import services

    survey = services.survey_create(
        actor=personas.lead, engagement=personas.engagement, title="A11y", slug="a11y", languages=["ur"]
    )
    services.question_add(survey=survey, type="text", code="q1", text="Tell us")
    signed_in(personas.lead)
    for path in [
        reverse("listen:survey-new", args=[personas.engagement.pk]),
        reverse("listen:survey-detail", args=["a11y"]),
        reverse("listen:question-new", args=["a11y"]),
        reverse("listen:translate", args=["a11y", "ur"]),
        reverse("listen:data-entry", args=["a11y"]),
        reverse("listen:import", args=["a11y"]),
        reverse("listen:event-new", args=[personas.engagement.pk]),
    ]:
        page.goto(live_server.url + path)
        axe.check(page)
    page.goto(live_server.url + reverse("listen:question-new", args=["a11y"]))
    axe.check(page)
    with page.expect_navigation():
        page.click("button:has-text('Add question')")
    axe.check(page)
    assert "Enter the question" in page.locator(".nhsuk-error-summary").inner_text()
