"""Reach pages through Django's test client (no JavaScript): permissions, the import job, the finance download."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from folkmoot.core.models import AuditEvent
from folkmoot.reach.models import Stakeholder, StakeholderImport


def test_register_needs_a_member_and_only_managers_see_individuals_and_contact_pages(
    client, personas, register
):
    client.force_login(personas.outsider)
    assert client.get(f"/dashboard/{personas.organisation.slug}/stakeholders/").status_code == 404
    client.force_login(personas.viewer)
    page = client.get(f"/dashboard/{personas.organisation.slug}/stakeholders/")
    body = page.content.decode()
    assert page.status_code == 200 and "Add to the register" not in body
    assert "Synthetic Riverside Carers Group" in body and "Synthetic Peer Researcher Ada" not in body
    assert client.get(f"/stakeholders/{register['peer'].pk}/").status_code == 403
    client.force_login(personas.lead)
    detail = client.get(f"/stakeholders/{register['peer'].pk}/")
    assert detail.status_code == 200 and "ada@example.org" in detail.content.decode()
    assert AuditEvent.objects.filter(action="view", personal_data=True, summary__contains="Ada").exists()


def test_bad_entry_shows_messages_and_keeps_what_was_typed(client, personas):
    client.force_login(personas.lead)
    response = client.post(
        f"/dashboard/{personas.organisation.slug}/stakeholders/",
        {
            "name": "Synthetic Test Group",
            "kind": "organisation",
            "category": "vcse",
            "email": "not-an-email",
            "contact_preference": "email",
            "consent_to_contact": "no",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter an email address in the right format" in body and 'value="Synthetic Test Group"' in body
    assert Stakeholder.objects.count() == 0


def test_web_import_runs_as_a_job_and_keeps_bad_rows(client, personas, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client.force_login(personas.lead)
    upload = SimpleUploadedFile(
        "register.csv",
        b"name,kind,category\nSynthetic Web Group,organisation,vcse\n,organisation,vcse\n",
        content_type="text/csv",
    )
    response = client.post(f"/dashboard/{personas.organisation.slug}/stakeholders/import/", {"file": upload})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    assert Stakeholder.objects.filter(name="Synthetic Web Group").exists()
    assert StakeholderImport.objects.get().rejected[0]["line"] == 3
    wrong = SimpleUploadedFile("register.txt", b"x", content_type="text/plain")
    response = client.post(f"/dashboard/{personas.organisation.slug}/stakeholders/import/", {"file": wrong})
    assert response.status_code == 400 and "CSV" in response.content.decode()


def test_finance_download_is_for_managers_only(client, personas, agreement):
    client.force_login(personas.viewer)
    assert client.get(f"/engagements/{personas.engagement.pk}/reach/finance.csv").status_code == 403
    client.force_login(personas.lead)
    response = client.get(f"/engagements/{personas.engagement.pk}/reach/finance.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2] == "Synthetic Riverside Carers Group" and rows[1][7] == "600.00"
    assert client.get(f"/engagements/{personas.engagement.pk}/reach/finance.pdf").status_code == 404


@pytest.mark.sqlite
def test_fatigue_page_checks_a_community(client, personas, register):
    client.force_login(personas.lead)
    response = client.get(f"/dashboard/{personas.organisation.slug}/fatigue/?community=Carers")
    assert response.status_code == 200 and "Asked 0 times" in response.content.decode()


def test_partner_sees_groups_on_the_grid_but_not_named_individuals(client, personas, register):
    from folkmoot.reach import services

    for who in (register["group"], register["peer"]):
        services.grid_set(
            engagement=personas.engagement, stakeholder=who, influence=2, interest=4, actor=personas.lead
        )
    client.force_login(personas.partner)
    body = client.get(f"/engagements/{personas.engagement.pk}/reach/grid/").content.decode()
    assert "Synthetic Riverside Carers Group" in body and "Synthetic Peer Researcher Ada" not in body
    client.force_login(personas.lead)
    assert (
        "Synthetic Peer Researcher Ada"
        in client.get(f"/engagements/{personas.engagement.pk}/reach/grid/").content.decode()
    )
