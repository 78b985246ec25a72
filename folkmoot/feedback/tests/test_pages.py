"""Staff pages record findings and decisions; the public page shows them, suppressed, with no sign-in."""

import pytest
from django.utils import timezone

from folkmoot.core.models import AuditEvent
from folkmoot.feedback import selectors, services
from folkmoot.feedback.models import Decision, Finding
from folkmoot.listen.models import Survey

pytestmark = pytest.mark.django_db


def test_lead_adds_a_finding_and_a_bad_form_keeps_what_was_typed(client, personas, closed):
    client.force_login(personas.lead)
    url = f"/feedback/engagements/{closed.pk}/new/"
    response = client.post(url, {"source": "free_text", "said": "", "easy_read_said": "Queues are long."})
    html = response.content.decode()
    assert response.status_code == 200 and "Say what people told you." in html and "Queues are long." in html
    response = client.post(
        url, {"source": "free_text", "said": "The phone queue is too long", "easy_read_said": ""}
    )
    assert response.status_code == 302
    assert Finding.objects.get(engagement=closed).said == "The phone queue is too long"


def test_decision_form_explains_a_missing_reason_and_keeps_the_rest(client, personas, closed):
    finding = services.finding_create(actor=personas.lead, engagement=closed, said="More evening clinics")
    client.force_login(personas.lead)
    url = f"/feedback/findings/{finding.pk}/decision/"
    response = client.post(
        url, {"outcome": "could_not", "we_did": "We asked the GP practices", "owner": "Primary care lead"}
    )
    html = response.content.decode()
    assert "Say why it could not be done" in html and "We asked the GP practices" in html
    assert not Decision.objects.exists()
    response = client.post(
        url,
        {
            "outcome": "could_not",
            "we_did": "We asked the GP practices",
            "owner": "Primary care lead",
            "reason": "There are no staff for evenings yet",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.reason == "There are no staff for evenings yet" and decision.recorded_by == personas.lead
    assert AuditEvent.objects.filter(object_type="feedback.Decision", object_id=str(decision.pk)).exists()


def test_viewer_reads_findings_but_cannot_record_decisions_and_outsiders_see_nothing(
    client, personas, decided
):
    finding = Finding.objects.filter(engagement=decided).first()
    client.force_login(personas.viewer)
    response = client.get(f"/feedback/engagements/{decided.pk}/")
    assert response.status_code == 200 and "Phone queues at 8am are too long" in response.content.decode()
    assert "Record the decision" not in response.content.decode()
    assert client.get(f"/feedback/findings/{finding.pk}/decision/").status_code == 403
    assert client.post(f"/feedback/engagements/{decided.pk}/new/", {"said": "x"}).status_code == 403
    client.force_login(personas.outsider)
    assert client.get(f"/feedback/engagements/{decided.pk}/").status_code == 404
    assert client.get(f"/feedback/findings/{finding.pk}/decision/").status_code == 404


def test_publishing_is_refused_until_every_finding_has_a_decision(client, personas, closed):
    services.finding_create(actor=personas.lead, engagement=closed, said="Undecided thing")
    client.force_login(personas.lead)
    response = client.post(
        f"/feedback/engagements/{closed.pk}/settings/", {"published": "yes", "due_on": "2026-05-01"}
    )
    assert "1 finding still needs a decision" in response.content.decode()
    assert selectors.feedback_page_for(engagement=closed) is None  # nothing half-saved
    assert client.get(selectors.public_url(engagement=closed)).status_code == 404


def test_public_page_needs_no_sign_in_and_hides_small_numbers(client, personas, decided):
    services.feedback_page_update(actor=personas.lead, engagement=decided, published=True)
    response = client.get(selectors.public_url(engagement=decided))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phone queues at 8am are too long" in html and "We added two phone lines in the morning." in html
    assert "The car park belongs to the council." in html and "About 40 people told us this." in html
    # 10 responses: 6 online, 4 on paper. 4 is below the threshold, and hiding it alone would let it be
    # worked out from the total, so both are hidden; the total is rounded.
    assert "10 responses in total" in html
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">*</td>' in html
    assert ">4<" not in html and ">6<" not in html
    listing = client.get("/o/test-shire-icb/you-said-we-did/").content.decode()
    assert decided.title in listing


def test_easy_read_puts_one_idea_on_each_line(client, personas, decided):
    services.feedback_page_update(actor=personas.lead, engagement=decided, published=True)
    html = client.get(selectors.public_url(engagement=decided) + "?format=easy-read").content.decode()
    for line in (
        "You told us:",
        "We did some of this.",
        "We could not do this.",
        "This is why:",
        "The car park belongs to the council.",
    ):
        assert f'<p class="nhsuk-body-l">{line}</p>' in html


def test_page_in_a_survey_language_uses_the_translation_or_says_one_is_available(client, personas, decided):
    Survey.objects.filter(engagement=decided).update(languages=["pl"])
    services.feedback_page_update(actor=personas.lead, engagement=decided, published=True)
    first, second = Finding.objects.filter(engagement=decided)
    client.force_login(personas.lead)
    client.post(
        f"/feedback/findings/{first.pk}/translate/pl/",
        {"said": "Kolejki telefoniczne są za długie", "we_did": "Dodaliśmy dwie linie"},
    )
    client.logout()
    html = client.get(selectors.public_url(engagement=decided) + "?lang=pl").content.decode()
    assert "Kolejki telefoniczne są za długie" in html and 'lang="pl"' in html
    assert "A translation is available on request" in html  # the second finding is not translated yet
    client.force_login(personas.lead)
    client.post(
        f"/feedback/findings/{second.pk}/translate/pl/",
        {"said": "Parkowanie jest trudne", "we_did": "Szukaliśmy miejsc", "reason": "Parking należy do rady"},
    )
    client.logout()
    html = client.get(selectors.public_url(engagement=decided) + "?lang=pl").content.decode()
    assert "A translation is available on request" not in html and "Parking należy do rady" in html


def test_add_from_themes_uses_the_published_theme_counts(client, personas, closed, monkeypatch):
    from folkmoot.understand.themes import selectors as themes

    summary = [
        {
            "code": "access.phone",
            "label": "Getting through on the phone",
            "count": 25,
            "quotes": ["I rang [name] 30 times"],
        },
        {"code": "care.kind", "label": "Kind staff", "count": "*", "quotes": []},
    ]
    # The themes stage's own tests cover classification; here only its contract's shape matters.
    monkeypatch.setattr(themes, "public_theme_summary", lambda *, engagement, user: summary)
    client.force_login(personas.lead)
    client.post(f"/feedback/engagements/{closed.pk}/from-themes/")
    client.post(f"/feedback/engagements/{closed.pk}/from-themes/")  # twice adds nothing more
    rows = selectors.decisions_for(engagement=closed)
    assert [(r["said"], r["source"], r["count"], r["quotes"]) for r in rows] == [
        ("Getting through on the phone", "theme", 25, ["I rang [name] 30 times"]),
        ("Kind staff", "theme", None, []),  # too few people to publish a number
    ]


def test_dashboard_lists_engagements_past_their_feedback_date(client, personas, closed):
    services.feedback_page_update(
        actor=personas.lead, engagement=closed, due_on=timezone.localdate().replace(year=2026, month=3, day=5)
    )
    client.force_login(personas.viewer)
    html = client.get("/dashboard/test-shire-icb/").content.decode()
    assert "Feedback overdue" in html and closed.title in html and "due 5 March 2026" in html


def test_a_finding_from_a_survey_question_gives_its_most_common_answer_with_a_published_count(
    client, personas, closed
):
    client.force_login(personas.lead)
    page = client.get(f"/feedback/engagements/{closed.pk}/new/").content.decode()
    assert "Urgent care: How long did you wait?" in page
    client.post(f"/feedback/engagements/{closed.pk}/from-question/", {"question": "urgent-care:wait"})
    response = client.post(
        f"/feedback/engagements/{closed.pk}/from-question/", {"question": "urgent-care:wait"}
    )
    assert "There is already a finding from this source." in response.content.decode()
    [row] = selectors.decisions_for(engagement=closed)
    assert row["said"] == "How long did you wait? The most common answer was “Longer”."
    assert (row["source"], row["count"]) == ("question", 10)  # 9 people, rounded to the nearest 5


def test_a_finding_from_an_event_is_marked_as_such(client, personas, closed):
    client.force_login(personas.lead)
    client.post(
        f"/feedback/engagements/{closed.pk}/new/",
        {"source": "event", "said": "Parents want a creche at events"},
    )
    assert selectors.decisions_for(engagement=closed)[0]["source"] == "event"


def test_public_page_queries_do_not_grow_with_the_number_of_findings(
    client, personas, decided, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.feedback_page_update(actor=personas.lead, engagement=decided, published=True)
    url = selectors.public_url(engagement=decided)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        finding = services.finding_create(actor=personas.lead, engagement=decided, said=f"Another thing {i}")
        services.decision_record(
            actor=personas.lead, finding=finding, outcome="did", we_did="Done", owner="Lead"
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_public_page_shows_who_was_missing_as_plain_sentences_only(client, personas, decided):
    from folkmoot.listen import services as listen
    from folkmoot.understand.selectors import who_is_missing

    survey = Survey.objects.get(engagement=decided)
    listen.survey_add_equality_block(survey=survey, keys=["age_band"])
    Survey.objects.filter(pk=survey.pk).update(status="open")
    for band in ["65-69"] * 12 + ["70-74"] * 8:
        listen.response_record(
            survey=survey, answers={"eq-age-band": band}, channel="online", actor=personas.lead
        )
    report = who_is_missing(engagement=decided)
    assert not report.get("error") and report["summary"]
    services.feedback_page_update(actor=personas.lead, engagement=decided, published=True)
    html = client.get(selectors.public_url(engagement=decided)).content.decode()
    from html import unescape

    text = unescape(html)
    for sentence in report["summary"]:
        assert sentence in text
