"""Results and who-is-missing pages: permissions, disclosure control on every number, filters, audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from folkmoot.core.models import AuditEvent
from folkmoot.understand.population.baselines import DbBaselines
from folkmoot.understand.selectors import respondent_frame
from folkmoot.understand.views import effective_size, margin_rows
from folkmoot.understand.weights import weight_respondents

from .conftest import LEICESTER

pytestmark = pytest.mark.django_db


def results_url(engagement, **params):
    url = reverse("understand:results", args=[engagement.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def missing_url(engagement):
    return reverse("understand:who-is-missing", args=[engagement.pk])


def test_viewer_sees_suppressed_results_with_chart_and_table_and_no_free_text(client, personas, responses):
    client.force_login(personas.viewer)
    page = client.get(results_url(personas.engagement)).content.decode()
    assert "Overall, how was the service?" in page
    assert 'src="data:image/svg+xml;base64,' in page and "<table" in page
    assert "Unsuppressed figures" not in page and "* means fewer than 8 people" in page
    assert "What people wrote" not in page and "Synthetic comment" not in page


def test_analyst_sees_raw_counts_marked_unsuppressed_and_it_is_audited(client, personas, responses):
    client.force_login(personas.analyst)
    page = client.get(results_url(personas.engagement)).content.decode()
    assert "Unsuppressed figures" in page
    assert AuditEvent.objects.filter(actor=personas.analyst, summary="Viewed unsuppressed results").exists()
    published = client.get(results_url(personas.engagement, view="published")).content.decode()
    assert "Unsuppressed figures" not in published and "Show unsuppressed figures" in published


def test_a_filter_leaving_fewer_than_eight_people_shows_no_figures(client, personas, responses):
    client.force_login(personas.viewer)
    page = client.get(
        results_url(personas.engagement, group="disability=Disabled under the Equality Act")
    ).content.decode()
    assert "Fewer than 8 people match this filter" in page
    assert "Overall, how was the service?" not in page


def test_partner_filter_shows_only_that_partners_responses(client, personas, responses):
    client.force_login(personas.viewer)
    page = client.get(results_url(personas.engagement, partner=personas.vcse.slug)).content.decode()
    assert "Showing 10 of the responses" in page


def test_lead_can_search_free_text_and_the_reading_is_audited(client, personas, responses):
    client.force_login(personas.lead)
    page = client.get(results_url(personas.engagement, q="waiting")).content.decode()
    assert "12 answers containing" in page and "Synthetic comment about waiting times" in page
    assert AuditEvent.objects.filter(
        actor=personas.lead, summary__startswith="Viewed 12 free-text answers"
    ).exists()


def test_outsider_gets_not_found(client, personas, responses):
    client.force_login(personas.outsider)
    assert client.get(results_url(personas.engagement)).status_code == 404
    assert client.get(missing_url(personas.engagement)).status_code == 404


def test_who_is_missing_page_shows_shares_intervals_weighting_and_attributions(
    client, personas, leicester, responses
):
    client.force_login(personas.viewer)
    page = client.get(missing_url(personas.engagement)).content.decode()
    assert "Leicester (E06000016)" in page
    assert "15.5%" in page  # disabled share of Leicester's population, Census 2021 TS038
    assert "Prefer not to say" in page and "Not answered" in page
    assert "By channel" in page and "Design effect" in page and "Effective sample size" in page
    assert "Source: Office for National Statistics licensed under the Open Government Licence v.3.0" in page
    assert "Indices of Deprivation" in page


def test_engagement_page_links_to_results_and_who_is_missing(client, personas, responses):
    client.force_login(personas.viewer)
    page = client.get(reverse("core:engagement-detail", args=[personas.engagement.pk])).content.decode()
    assert results_url(personas.engagement) in page and missing_url(personas.engagement) in page


def test_weighting_table_shows_no_share_that_reveals_a_small_count(personas, leicester, responses):
    frame = respondent_frame(personas.engagement)
    weighting = weight_respondents(frame, DbBaselines(), [LEICESTER], variables=["sex", "disability"])
    organisation = personas.organisation
    margins = {
        (m["variable"], m["category"]): m
        for m in margin_rows(weighting, organisation=organisation, unsuppressed=False)
    }
    disabled = margins[("disability", "Disabled under the Equality Act")]
    assert disabled["unweighted_share"] is None and disabled["weighted_share"] is None  # 5 people
    female = margins[("sex", "Female")]
    assert female["unweighted_share"] == pytest.approx(20 / 40)  # from the published counts, not 22 / 40
    assert effective_size(weighting, organisation=organisation, unsuppressed=False) % 5 == 0
    raw = {
        (m["variable"], m["category"]): m
        for m in margin_rows(weighting, organisation=organisation, unsuppressed=True)
    }
    assert raw[("sex", "Female")]["unweighted_share"] == pytest.approx(22 / 40)


def disclosure_url(engagement):
    return reverse("understand:disclosure-settings", args=[engagement.pk])


def test_admin_changes_the_organisations_disclosure_rule_and_it_applies_and_is_audited(
    client, personas, responses
):
    client.force_login(personas.admin)
    page = client.get(disclosure_url(personas.engagement)).content.decode()
    assert "Hide counts smaller than" in page
    response = client.post(disclosure_url(personas.engagement), {"suppress_below": "11", "round_to": "10"})
    assert response.status_code == 302
    personas.organisation.refresh_from_db()
    assert (personas.organisation.suppress_below, personas.organisation.round_to) == (11, 10)
    assert AuditEvent.objects.filter(
        actor=personas.admin, summary__contains="hide 1-10 and round to 10"
    ).exists()
    client.force_login(personas.viewer)
    results = client.get(results_url(personas.engagement)).content.decode()
    assert "* means fewer than 11 people" in results and "nearest 10" in results


def test_a_bad_disclosure_rule_is_refused_with_a_message_and_nothing_changes(client, personas):
    client.force_login(personas.admin)
    page = client.post(
        disclosure_url(personas.engagement), {"suppress_below": "1", "round_to": "5"}
    ).content.decode()
    assert "Hide at least counts of 1 and 2: enter 3 or more" in page
    assert 'value="1"' in page  # what the admin typed is kept
    personas.organisation.refresh_from_db()
    assert personas.organisation.suppress_below == 8


def test_only_people_who_may_configure_can_change_disclosure_control(client, personas):
    for user in (personas.lead, personas.analyst, personas.viewer):
        client.force_login(user)
        assert (
            client.post(
                disclosure_url(personas.engagement), {"suppress_below": "3", "round_to": "1"}
            ).status_code
            == 403
        )
    personas.organisation.refresh_from_db()
    assert personas.organisation.suppress_below == 8
