"""An analyst classifies an engagement's free text, reviews a comment, names a local code: in Chromium."""

import pytest

from folkmoot.understand.themes.models import Comment
from folkmoot.understand.themes.services import comment_create

pytestmark = [pytest.mark.browser, pytest.mark.sqlite, pytest.mark.django_db(transaction=True)]

TEXTS = [
    "The ambulance took over three hours to arrive, far too long to wait.",
    "Staff were kind, caring and explained everything. Call me on 07700 900123.",
    "Really friendly nurses, thank you all.",
    "Waited all afternoon in A&E with no updates.",
    "🙂🙂🙂",
]


def test_analyst_classifies_reviews_and_adds_a_local_code(
    page, live_server, axe, personas, signed_in, classifier
):
    for text in TEXTS:
        comment_create(organisation=personas.organisation, engagement=personas.engagement, text=text)
    signed_in(personas.analyst)
    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/")
    axe.check(page)
    page.get_by_role("button", name="Classify free text").click()
    page.wait_for_url("**/jobs/**")
    axe.check(page)
    assert Comment.objects.filter(latest_model__isnull=False).count() == 5

    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/themes/")
    axe.check(page)
    body = page.locator("main").text_content()
    assert "07700 900123" not in body  # quotes are redacted
    assert "No words (for example emoji only): 1" in body

    page.goto(f"{live_server.url}/dashboard/test-shire-icb/codes/")
    axe.check(page)
    page.get_by_label("Name of the new code").fill("Ambulance handover (local)")
    page.get_by_role("button", name="Add code").click()
    axe.check(page)
    assert "Code “Ambulance handover (local)” added" in page.inner_text("main")

    comment = Comment.objects.get(text=TEXTS[0])
    page.goto(f"{live_server.url}/themes/comments/{comment.pk}/")
    axe.check(page)
    page.get_by_label("Relabelled").check()
    page.get_by_label("Ambulance handover (local)").check()
    page.get_by_role("button", name="Save review").click()
    axe.check(page)
    assert "Review saved" in page.inner_text("main")
    assert "Relabelled" in page.inner_text("main")
    comment.refresh_from_db()
    assert "ambulance_handover_local" in comment.labels and comment.latest_review.reviewer == personas.analyst

    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/themes/")
    axe.check(page)
    assert "Ambulance handover (local)" in page.inner_text("main")
    page.get_by_role("link", name="Ambulance handover (local)").click()
    axe.check(page)
    assert "1 comment." in page.inner_text("main") and TEXTS[0] in page.inner_text("main")
    page.goto(f"{live_server.url}/engagements/{personas.engagement.pk}/themes/unmatched/")
    axe.check(page)
    page.get_by_role("button", name="Group similar comments").click()
    axe.check(page)
    assert "groups suggested" in page.inner_text("main")

    page.goto(f"{live_server.url}/dashboard/test-shire-icb/feedback/import/")
    axe.check(page)
    page.get_by_role("button", name="Import and classify").click()
    axe.check(page)
    assert "Choose a CSV file" in page.inner_text("main")
