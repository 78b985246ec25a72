"""Staff add an easy-read picture in Chromium, then a member of the public sees it with its alt text:
every page axe-clean."""

import pytest
from PIL import Image

from folkmoot.listen import services
from folkmoot.listen.models import Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    survey = services.survey_create(
        actor=personas.lead, engagement=personas.engagement, title="Your dentist", slug="your-dentist"
    )
    services.question_add(
        survey=survey,
        type="fft",
        code="fft",
        text="Overall, how was your experience?",
        easy_read_text="Was the dentist good?",
        required=True,
    )
    services.survey_set_status(actor=personas.lead, survey=survey, status="open")
    return survey


def test_staff_add_a_picture_and_easy_read_shows_it_with_alt_text(
    page, live_server, axe, signed_in, personas, survey, tmp_path
):
    path = tmp_path / "dentist.png"
    Image.new("RGB", (60, 40), (0, 94, 184)).save(path)
    signed_in(personas.lead)
    page.goto(f"{live_server.url}/listen/surveys/your-dentist/")
    axe.check(page)
    with page.expect_navigation():
        page.click("text=Add the easy-read picture")
    axe.check(page)
    with page.expect_navigation():
        page.click("button:has-text('Save picture')")  # nothing chosen: both problems listed
    axe.check(page)
    summary = page.locator(".nhsuk-error-summary").inner_text()
    assert "Choose a picture" in summary and "Describe what the picture shows" in summary
    page.set_input_files("#image", str(path))
    page.fill("#alt", "A dentist smiling at a child in the chair")
    with page.expect_navigation():
        page.click("button:has-text('Save picture')")
    axe.check(page)
    assert Question.objects.get(code="fft").easy_read_image_alt == "A dentist smiling at a child in the chair"

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/s/your-dentist/?easy=1")
    axe.check(page)
    with page.expect_navigation():
        page.click("form button.nhsuk-button")
    axe.check(page)
    picture = page.locator("img[alt='A dentist smiling at a child in the chair']")
    assert picture.count() == 1
    assert page.evaluate("(img) => img.complete && img.naturalWidth", picture.element_handle()) == 60
