"""The public survey journey through the real pages (test client); browser tests live beside it."""

import pytest
from django.urls import reverse

from folkmoot.listen import selectors, services
from folkmoot.listen.models import Response, ResponseStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(personas):
    survey = services.survey_create(
        actor=personas.lead,
        engagement=personas.engagement,
        title="Urgent care",
        slug="urgent-care",
        languages=["ur"],
        translations={"ur": {"title": "فوری دیکھ بھال"}},
    )
    services.question_add(
        survey=survey, type="fft", code="fft", text="Overall, how was your experience?", required=True
    )
    services.question_add(
        survey=survey, type="single", code="used", text="Did you use NHS 111?", options=["Yes", "No"]
    )
    services.question_add(
        survey=survey,
        type="text",
        code="why-111",
        text="What happened when you called?",
        show_if={"question": "used", "equals": "Yes"},
    )
    services.question_add(survey=survey, type="postcode", code="postcode", text="What is your postcode?")
    services.survey_add_equality_block(survey=survey, keys=["age_band", "ethnic_group"])
    services.survey_set_status(actor=personas.lead, survey=survey, status="open")
    return survey


@pytest.mark.sqlite
def test_a_person_completes_the_survey_and_gets_a_reference(client, survey):
    client.post(reverse("listen:start", args=["urgent-care"]))
    q = lambda code: reverse("listen:question", args=["urgent-care", code])  # noqa: E731
    response = client.post(q("fft"), {"answer": ""})
    assert "Select an answer to this question" in response.content.decode()
    assert client.post(q("fft"), {"answer": "Good"})["Location"] == q("used")
    assert client.post(q("used"), {"answer": "Yes"})["Location"] == q("why-111")
    assert client.post(q("why-111"), {"answer": "They sent an ambulance."})["Location"] == q("postcode")
    assert "Enter a real postcode" in client.post(q("postcode"), {"answer": "nowhere"}).content.decode()
    client.post(q("postcode"), {"answer": "le1 5ww"})
    client.post(q("eq-age-band"), {"answer": "Prefer not to say"})
    assert client.post(q("eq-ethnic-group"), {"answer": "White: Irish"})["Location"].endswith("/check/")
    page = client.get(reverse("listen:check", args=["urgent-care"])).content.decode()
    assert "LE1 5WW" in page and "They sent an ambulance." in page
    done = client.post(reverse("listen:check", args=["urgent-care"]))
    saved = Response.objects.get()
    assert saved.status == ResponseStatus.SUBMITTED
    assert done["Location"] == reverse("listen:done", args=["urgent-care", saved.reference])
    rows = selectors.respondent_rows(survey=survey)
    assert rows[0]["ethnic_group"] == "White: Irish" and rows[0]["age_band"] == "Prefer not to say"
    assert rows[0]["postcode"] == "LE1 5WW" and rows[0]["channel"] == "online"


def test_skip_logic_drops_answers_to_questions_that_no_longer_apply(client, survey):
    client.post(reverse("listen:start", args=["urgent-care"]))
    q = lambda code: reverse("listen:question", args=["urgent-care", code])  # noqa: E731
    client.post(q("fft"), {"answer": "Good"})
    client.post(q("used"), {"answer": "Yes"})
    client.post(q("why-111"), {"answer": "Long wait"})
    client.post(q("used"), {"answer": "No"})  # changed their mind
    client.post(reverse("listen:check", args=["urgent-care"]))
    assert selectors.free_text_answers(survey=survey).count() == 0


def test_honeypot_submissions_are_ignored(client, survey):
    client.post(reverse("listen:start", args=["urgent-care"]), {"website": "http://spam.example"})
    assert Response.objects.count() == 0


def test_save_and_resume_by_link(client, survey):
    client.post(reverse("listen:start", args=["urgent-care"]))
    client.post(
        reverse("listen:question", args=["urgent-care", "fft"]), {"answer": "Poor", "save_later": "1"}
    )
    page = client.get(reverse("listen:saved", args=["urgent-care"])).content.decode()
    token = Response.objects.get().resume_token
    assert f"/s/urgent-care/resume/{token}/" in page
    client.logout()
    client.cookies.clear()
    response = client.get(reverse("listen:resume", args=["urgent-care", token]))
    assert response["Location"] == reverse("listen:question", args=["urgent-care", "used"])


def test_right_to_left_language_sets_dir_and_lang(client, survey):
    page = client.get(reverse("listen:start", args=["urgent-care"]) + "?lang=ur").content.decode()
    assert '<html lang="ur"' in page and 'dir="rtl"' in page and "فوری دیکھ بھال" in page


def test_contact_details_are_kept_apart_and_validated(client, survey):
    client.post(reverse("listen:start", args=["urgent-care"]))
    client.post(reverse("listen:question", args=["urgent-care", "fft"]), {"answer": "Good"})
    client.post(reverse("listen:check", args=["urgent-care"]))
    reference = Response.objects.get().reference
    url = reverse("listen:done", args=["urgent-care", reference])
    bad = client.post(url, {"channel": "email", "email": "not-an-email"})
    assert bad.status_code == 400 and "correct format" in bad.content.decode()
    client.post(url, {"channel": "sms", "phone": "07911 123456", "name": "Ann"})
    contact = selectors.contacts_for_feedback(engagement=survey.engagement).get()
    assert contact.phone == "+447911123456" and contact.channel == "sms"
    services.contact_forget(contact=contact, actor=None)
    assert selectors.contacts_for_feedback(engagement=survey.engagement).count() == 0
