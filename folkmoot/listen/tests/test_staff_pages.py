import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from folkmoot.core.models import Job
from folkmoot.listen import services
from folkmoot.listen.models import EventRecord, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(personas):
    survey = services.survey_create(
        actor=personas.lead, engagement=personas.engagement, title="Paper survey", slug="paper-survey"
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
    services.question_add(survey=survey, type="text", code="comment", text="Tell us more")
    services.survey_add_equality_block(survey=survey, keys=["sex"])
    services.survey_set_status(actor=personas.lead, survey=survey, status="open")
    return survey


def test_paper_pdf_has_an_id_and_a_tick_box_for_every_option(client, survey):
    response = client.get(reverse("listen:paper-pdf", args=["paper-survey"]))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Response ID: P-" in text
    for expected in [
        "1. Overall, how was your experience? (must answer)",
        "Very good",
        "Don't know",
        "Tick all that apply",
        "Prefer not to say",
        "Female",
    ]:
        assert expected in text, expected


def test_partner_enters_a_paper_response_fast_and_errors_keep_what_was_typed(client, survey, personas):
    client.force_login(personas.partner)
    url = reverse("listen:data-entry", args=["paper-survey"])
    bad = client.post(url, {"channel": "paper", "comment": "Kept text", "fft": ""})
    body = bad.content.decode()
    assert bad.status_code == 400 and "Select an answer to this question" in body and "Kept text" in body
    ok = client.post(
        url,
        {
            "channel": "paper",
            "partner": "test-community-group",
            "fft": "Poor",
            "barriers": ["Cost"],
            "source_id": "P-ABC",
            "eq-sex": "Prefer not to say",
        },
    )
    assert ok.status_code == 302
    saved = Response.objects.get()
    assert (
        saved.channel == "paper" and saved.partner == personas.vcse and saved.entered_by == personas.partner
    )
    dup = client.post(url, {"channel": "paper", "fft": "Good", "source_id": "P-ABC"})
    assert dup.status_code == 400 and "has already been entered" in dup.content.decode()
    assert Response.objects.count() == 1


def test_viewer_cannot_enter_responses(client, survey, personas):
    client.force_login(personas.viewer)
    assert client.get(reverse("listen:data-entry", args=["paper-survey"])).status_code == 403


def test_web_import_runs_as_a_job_with_progress(client, survey, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas.lead)
    upload = io.BytesIO(b"fft,comment\nGood,Fine\nBad value,x\n")
    upload.name = "export.csv"
    response = client.post(reverse("listen:import", args=["paper-survey"]), {"file": upload})
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])
    assert job.status == "succeeded" and job.result["imported"] == 1 and job.result["rejected"] == 1
    assert job.progress_done == job.progress_total == 2


def test_web_import_refuses_other_file_types(client, survey, personas):
    client.force_login(personas.lead)
    upload = io.BytesIO(b"MZ...")
    upload.name = "virus.exe"
    response = client.post(reverse("listen:import", args=["paper-survey"]), {"file": upload})
    assert response.status_code == 400 and "must be a CSV or an Excel" in response.content.decode()


def test_event_record_from_the_page(client, survey, personas):
    client.force_login(personas.lead)
    url = reverse("listen:event-new", args=[personas.engagement.pk])
    assert "Enter the date" in client.post(url, {"place": "Hall"}).content.decode()
    client.post(
        url,
        {
            "kind": "focus_group",
            "held_on": "2026-11-01",
            "place": "Hall",
            "attendance": "12",
            "notes": "Long waits",
            "partner": "test-community-group",
        },
    )
    event = EventRecord.objects.get()
    assert event.attendance == 12 and event.partner == personas.vcse


def test_engagement_page_lists_its_surveys(client, survey, personas):
    client.force_login(personas.lead)
    body = client.get(reverse("core:engagement-detail", args=[personas.engagement.pk])).content.decode()
    assert "Paper survey" in body and reverse("listen:survey-detail", args=["paper-survey"]) in body
