"""Participant evaluations (public page and paper), staff reflections, and the disclosure-controlled summary."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from folkmoot.core.models import AuditEvent
from folkmoot.learn import selectors, services
from folkmoot.learn.models import Evaluation, EvaluationChannel


def _answers(engagement, n, easy="yes", listened="yes"):
    for _ in range(n):
        services.evaluation_submit(engagement=engagement, easy_to_take_part=easy, felt_listened_to=listened)


@pytest.mark.sqlite
@pytest.mark.django_db
def test_summary_shows_small_counts_as_star_and_rounds_the_rest(personas):
    _answers(personas.engagement, 12, "yes", "partly")
    _answers(personas.engagement, 3, "partly", "no")
    _answers(personas.engagement, 2, "no", "yes")
    summary = selectors.evaluation_summary(engagement=personas.engagement)
    participant = summary["participant"]
    assert participant["n"] == 15
    assert participant["easy_to_take_part"] == {"Yes": 10, "Partly": "*", "No": "*"}
    assert participant["felt_listened_to"] == {"Yes": "*", "Partly": 10, "No": "*"}
    assert summary["staff"] == []


@pytest.mark.django_db
def test_summary_hides_a_second_count_when_one_star_could_be_worked_out_from_the_total(personas):
    _answers(personas.engagement, 12, "yes", "yes")
    _answers(personas.engagement, 3, "no", "yes")
    participant = selectors.evaluation_summary(engagement=personas.engagement)["participant"]
    assert participant["easy_to_take_part"] == {"Yes": "*", "Partly": 0, "No": "*"}
    assert participant["felt_listened_to"] == {"Yes": 15, "Partly": 0, "No": 0}


@pytest.mark.django_db
def test_summary_hides_the_total_when_fewer_than_eight_answered(personas):
    _answers(personas.engagement, 5)
    assert selectors.evaluation_summary(engagement=personas.engagement)["participant"]["n"] == "*"


@pytest.mark.django_db
def test_public_form_needs_no_sign_in_and_records_an_online_evaluation(client, personas):
    url = reverse("learn:evaluate", args=[personas.engagement.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Was it easy to take part?" in page.content.decode()
    response = client.post(
        url, {"easy_to_take_part": "partly", "felt_listened_to": "yes", "comment": " Good bus "}
    )
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    evaluation = Evaluation.objects.get()
    assert (evaluation.easy_to_take_part, evaluation.felt_listened_to, evaluation.comment) == (
        "partly",
        "yes",
        "Good bus",
    )
    assert evaluation.channel == EvaluationChannel.ONLINE and evaluation.entered_by is None


@pytest.mark.django_db
def test_missing_answer_shows_an_error_and_keeps_the_comment(client, personas):
    url = reverse("learn:evaluate", args=[personas.engagement.pk])
    response = client.post(url, {"felt_listened_to": "no", "comment": "Hard to find the room"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select whether it was easy to take part" in body and "Hard to find the room" in body
    assert 'value="no" checked' in body
    assert Evaluation.objects.count() == 0


@pytest.mark.django_db
def test_honeypot_filled_by_a_bot_is_quietly_ignored(client, personas):
    url = reverse("learn:evaluate", args=[personas.engagement.pk])
    response = client.post(
        url, {"easy_to_take_part": "yes", "felt_listened_to": "yes", "website": "spam.example"}
    )
    assert response.status_code == 302
    assert Evaluation.objects.count() == 0


@pytest.mark.django_db
def test_too_many_answers_from_one_address_are_refused_politely(client, personas, settings):
    settings.FOLKMOOT_SUBMITS_PER_HOUR_PER_IP = 2
    cache.clear()  # earlier tests posted from the same test address
    url = reverse("learn:evaluate", args=[personas.engagement.pk])
    data = {"easy_to_take_part": "yes", "felt_listened_to": "yes"}
    assert [client.post(url, data).status_code for _ in range(3)] == [302, 302, 429]
    assert Evaluation.objects.count() == 2


@pytest.mark.django_db
def test_draft_engagement_has_no_public_evaluation_page(client, personas):
    personas.engagement.status = "draft"
    personas.engagement.save()
    assert client.get(reverse("learn:evaluate", args=[personas.engagement.pk])).status_code == 404
    with pytest.raises(ValidationError):
        _answers(personas.engagement, 1)


@pytest.mark.django_db
def test_staff_enter_paper_evaluations_and_the_entry_is_audited(client, personas):
    client.force_login(personas.partner)
    url = reverse("learn:paper-entry", args=[personas.engagement.pk])
    response = client.post(url, {"easy_to_take_part": "no", "felt_listened_to": "partly"})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.channel == EvaluationChannel.PAPER and evaluation.entered_by == personas.partner
    assert AuditEvent.objects.filter(object_id=str(evaluation.pk), actor=personas.partner).exists()


@pytest.mark.django_db
def test_viewer_cannot_enter_paper_evaluations(client, personas):
    client.force_login(personas.viewer)
    response = client.post(
        reverse("learn:paper-entry", args=[personas.engagement.pk]),
        {"easy_to_take_part": "no", "felt_listened_to": "no"},
    )
    assert response.status_code == 403
    assert Evaluation.objects.count() == 0


@pytest.mark.django_db
def test_lead_adds_a_reflection_that_appears_in_the_summary(client, personas):
    client.force_login(personas.lead)
    url = reverse("learn:reflection-new", args=[personas.engagement.pk])
    response = client.post(
        url, {"what_worked": "Drop-ins", "what_to_change": "Start earlier", "who_we_missed": "Carers"}
    )
    assert response.status_code == 302
    staff = selectors.evaluation_summary(engagement=personas.engagement)["staff"]
    assert [(r["what_worked"], r["what_to_change"], r["who_we_missed"], r["author"]) for r in staff] == [
        ("Drop-ins", "Start earlier", "Carers", "Test lead")
    ]


@pytest.mark.django_db
def test_reflection_needs_what_worked_and_keeps_what_was_typed(client, personas):
    client.force_login(personas.lead)
    url = reverse("learn:reflection-new", args=[personas.engagement.pk])
    response = client.post(url, {"what_worked": "", "what_to_change": "Start earlier"})
    body = response.content.decode()
    assert response.status_code == 200 and "Enter what worked" in body and "Start earlier" in body


@pytest.mark.django_db
def test_partner_cannot_add_a_reflection(personas):
    with pytest.raises(PermissionDenied):
        services.reflection_add(
            engagement=personas.engagement, actor=personas.partner, what_worked="x", what_to_change="y"
        )


@pytest.mark.django_db
def test_engagement_page_panel_shows_published_counts_and_comments_only_to_staff_who_run_it(client, personas):
    _answers(personas.engagement, 9, "yes", "yes")
    services.evaluation_submit(
        engagement=personas.engagement,
        easy_to_take_part="no",
        felt_listened_to="no",
        comment="Too far to travel",
    )
    url = reverse("core:engagement-detail", args=[personas.engagement.pk])
    client.force_login(personas.lead)
    body = client.get(url).content.decode()
    assert "Evaluation and learning" in body and "10 participant evaluations" in body
    assert "Too far to travel" in body and "Make the evidence pack" in body
    client.force_login(personas.viewer)
    body = client.get(url).content.decode()
    assert "Evaluation and learning" in body and "Too far to travel" not in body
    assert "Make the evidence pack" not in body
