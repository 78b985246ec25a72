"""The evidence pack button: a background job makes the PDF; only people who may see results download it."""

import pytest
from django.urls import reverse

from folkmoot.core.models import AuditAction, AuditEvent, Job
from folkmoot.learn import services
from folkmoot.learn.models import EvidencePack

from .helpers import pdf_text


@pytest.fixture
def pack(client, personas, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    for _ in range(8):
        services.evaluation_submit(
            engagement=personas.engagement, easy_to_take_part="no", felt_listened_to="no"
        )
    client.force_login(personas.lead)
    response = client.post(reverse("learn:evidence-start", args=[personas.engagement.pk]))
    assert response.status_code == 302
    return EvidencePack.objects.get()


@pytest.mark.django_db
def test_lead_starts_the_job_and_downloads_the_pack_which_is_audited(client, personas, pack):
    job = Job.objects.get(pk=pack.job_id)
    assert job.status == "succeeded" and job.result["evaluations"] == 10
    status = client.get(reverse("learn:evidence-status", args=[pack.pk])).content.decode()
    assert "Download the evidence pack (PDF)" in status
    response = client.get(reverse("learn:evidence-download", args=[pack.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert f"Evidence pack: {personas.engagement.title}" in text and "Participants who evaluated: 10" in text
    audit = AuditEvent.objects.get(action=AuditAction.EXPORT, object_id=str(pack.pk))
    assert audit.actor == personas.lead


@pytest.mark.django_db
def test_outsider_cannot_see_or_download_someone_elses_pack(client, personas, pack):
    client.force_login(personas.outsider)
    assert client.get(reverse("learn:evidence-download", args=[pack.pk])).status_code == 404
    assert client.get(reverse("learn:evidence-status", args=[pack.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.django_db
def test_viewer_may_not_start_a_pack_job(client, personas):
    client.force_login(personas.viewer)
    response = client.post(reverse("learn:evidence-start", args=[personas.engagement.pk]))
    assert response.status_code == 403
    assert not EvidencePack.objects.exists() and not Job.objects.exists()
