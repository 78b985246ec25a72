"""The annual report as a page and a PDF download, for members of the organisation only."""

import html

import pytest
from django.urls import reverse

from folkmoot.learn.reports.measures import PRINCIPLES

from .helpers import pdf_text
from .test_reports import recorded  # noqa: F401  (the fixture: a 2026 engagement with plan and decisions)


def _url(personas, name="learn:annual", year="2026"):
    return reverse(name, args=[personas.organisation.slug]) + f"?year={year}"


@pytest.mark.django_db
def test_lead_sees_the_years_scores_by_principle_and_its_engagements(client, personas, recorded):  # noqa: F811
    client.force_login(personas.lead)
    page = html.unescape(client.get(_url(personas)).content.decode())
    for title in PRINCIPLES.values():
        assert title in page
    assert "Goal recorded: 1 of 1" in page and "Offline ways to take part: 0 of 1" in page
    assert recorded.title in page
    assert "Download this report (PDF)" in page


@pytest.mark.django_db
def test_the_download_is_the_same_report_as_a_pdf(client, personas, recorded):  # noqa: F811
    client.force_login(personas.viewer)
    response = client.get(_url(personas, "learn:annual-download"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Engagement annual report 2026" in text and recorded.title in text


@pytest.mark.django_db
def test_a_year_without_engagements_says_so_and_offers_no_pdf(client, personas):
    client.force_login(personas.lead)
    page = client.get(_url(personas, year="1999")).content.decode()
    assert "has no engagements that ran in 1999" in page and "Download this report" not in page
    assert client.get(_url(personas, "learn:annual-download", year="1999")).status_code == 404


@pytest.mark.django_db
def test_a_nonsense_year_falls_back_to_this_year(client, personas):
    client.force_login(personas.lead)
    page = client.get(_url(personas, year="<script>")).content.decode()
    assert "<script>" not in page and "Engagement annual report 20" in page


@pytest.mark.django_db
def test_outsiders_and_the_public_cannot_see_the_annual_report(client, personas):
    assert client.get(_url(personas)).status_code == 302  # to sign in
    client.force_login(personas.outsider)
    assert client.get(_url(personas)).status_code == 404
    assert client.get(_url(personas, "learn:annual-download")).status_code == 404
