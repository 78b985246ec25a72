"""Group commit: concurrent public submissions share one statement and one commit, and each thread still gets
only its own answer, only after the write that holds its response."""

import threading
import uuid

import pytest
from django.db import connection

from folkmoot.listen import services
from folkmoot.listen.models import Answer, Response
from folkmoot.listen.services import submissions
from folkmoot.listen.services.group_commit import GroupCommit


@pytest.mark.sqlite
def test_threads_that_arrive_together_share_a_write_and_each_gets_its_own_outcome():
    first_write_started, release = threading.Event(), threading.Event()
    batches: list[list[int]] = []

    def write(items):
        batches.append(list(items))
        if len(batches) == 1:
            first_write_started.set()
            assert release.wait(10)
        return [item * 10 for item in items]

    group = GroupCommit(write)
    results: dict[int, int] = {}

    def submit(n):
        results[n] = group.run(n)

    leader = threading.Thread(target=submit, args=(0,))
    leader.start()
    assert first_write_started.wait(10)
    followers = [threading.Thread(target=submit, args=(n,)) for n in range(1, 6)]
    for thread in followers:
        thread.start()
    while len(group.waiting) < 5:  # all five queue behind the leader's write
        threading.Event().wait(0.01)
    assert results == {}  # nobody is answered before the write holding their item has returned
    release.set()
    for thread in [leader, *followers]:
        thread.join(10)
    assert results == {n: n * 10 for n in range(6)}
    assert batches[0] == [0] and sorted(batches[1]) == [1, 2, 3, 4, 5]  # the five shared one write
    assert not group.leading and not group.waiting


@pytest.mark.sqlite
def test_a_failed_write_is_raised_in_every_thread_of_its_batch_and_the_next_batch_still_runs():
    calls = []

    def write(items):
        calls.append(list(items))
        if "bad" in items:
            raise ValueError("the database refused the batch")
        return ["ok"] * len(items)

    group = GroupCommit(write)
    with pytest.raises(ValueError, match="refused"):
        group.run("bad")
    assert group.run("good") == "ok"
    assert calls == [["bad"], ["good"]] and not group.leading


def _open_survey(personas, slug, title):
    survey = services.survey_create(
        actor=personas.lead, engagement=personas.engagement, title=title, slug=slug
    )
    services.question_add(survey=survey, type="fft", code="fft", text="Overall?", required=True)
    services.question_add(survey=survey, type="text", code="story", text="Tell us")
    services.survey_set_status(actor=personas.lead, survey=survey, status="open")
    return survey


@pytest.mark.django_db(transaction=True)
def test_one_statement_writes_a_batch_across_surveys_and_skips_a_closed_one(personas):
    if connection.vendor != "postgresql":
        pytest.fail("the batch statement is PostgreSQL's; this test runs in the PostgreSQL pass")
    open_one = _open_survey(personas, "batch-open", "Open")
    closed = _open_survey(personas, "batch-closed", "Closed")
    plan_open = submissions._open_survey("batch-open", fresh=True)
    plan_closed = submissions._open_survey("batch-closed", fresh=True)
    type(closed).objects.filter(pk=closed.pk).update(status="closed")  # closed by another process
    items = [
        (*plan_open, {"fft": "Good", "story": "First"}, "online", "en"),
        (*plan_closed, {"fft": "Poor"}, "paper", "en"),
        (*plan_open, {"fft": "Poor", "story": "Second"}, "phone", "cy"),
    ]
    references = submissions._write(items)
    assert references[1] is None and references[0] and references[2]
    saved = {r.reference: r for r in Response.objects.filter(reference__in=references[::2])}
    assert {saved[references[0]].channel, saved[references[2]].channel} == {"online", "phone"}
    assert saved[references[2]].language == "cy"
    stories = set(
        Answer.objects.filter(response__survey=open_one, question__code="story").values_list(
            "text", flat=True
        )
    )
    assert stories == {"First", "Second"}
    assert not Response.objects.filter(survey=closed).exists()


@pytest.mark.django_db(transaction=True)
def test_a_vanished_question_aborts_the_whole_batch_and_saves_none_of_it(personas):
    if connection.vendor != "postgresql":
        pytest.fail("the batch statement is PostgreSQL's; this test runs in the PostgreSQL pass")
    survey = _open_survey(personas, "batch-gone", "Gone")
    plan = submissions._open_survey("batch-gone", fresh=True)
    with connection.cursor() as cursor:  # behind Django's back: no signal, no new rules version
        cursor.execute("DELETE FROM listen_question WHERE survey_id = %s AND code = 'story'", [survey.pk])
    items = [
        (*plan, {"fft": "Good"}, "online", "en"),
        (*plan, {"fft": "Good", "story": "Lost?"}, "online", "en"),
    ]
    with pytest.raises(Exception, match="division by zero"):
        submissions._write(items)
    assert not Response.objects.filter(survey=survey).exists() and not Answer.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_public_submissions_are_all_stored_with_their_answers(personas):
    survey = _open_survey(personas, "batch-many", "Many")
    references: list[str] = []
    errors: list[BaseException] = []

    def send(n):
        try:
            for i in range(5):
                references.append(
                    services.response_send_public(
                        slug="batch-many", answers={"fft": "Good", "story": f"{n}-{i}-{uuid.uuid4().hex[:6]}"}
                    )
                )
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(references) == 40 and len(set(references)) == 40
    assert Response.objects.filter(survey=survey, reference__in=references).count() == 40
    assert Answer.objects.filter(response__survey=survey, question__code="story").count() == 40
