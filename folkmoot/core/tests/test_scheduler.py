"""The scheduler queues each periodic job once per period, and the daily contact purge really deletes."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import last_json_line
from folkmoot.core.models import Job, ScheduledRun
from folkmoot.core.scheduler import SCHEDULE, tick
from folkmoot.listen import services as listen
from folkmoot.listen.models import Contact

pytestmark = pytest.mark.django_db

NOON = timezone.make_aware(dt.datetime(2026, 12, 2, 12, 0))


@pytest.fixture
def survey(personas):
    return listen.survey_create(actor=personas.lead, engagement=personas.engagement, title="Retention")


@pytest.mark.sqlite
def test_a_contact_past_its_retention_date_is_gone_after_one_tick(survey):
    old = listen.contact_add(survey=survey, channel="email", email="old@example.org", name="Old")
    Contact.objects.filter(pk=old.pk).update(retain_until=dt.date(2020, 1, 1))
    listen.contact_add(survey=survey, channel="email", email="new@example.org")
    assert "purge-contacts" in tick(now=NOON)
    old.refresh_from_db()
    assert old.email == "" and old.forgotten_at is not None
    assert Contact.objects.get(email="new@example.org").forgotten_at is None
    assert Job.objects.filter(label__startswith="Delete contact details").count() == 1


def test_a_second_tick_in_the_same_period_queues_nothing(survey):
    first = tick(now=NOON)
    assert set(first) == {p.name for p in SCHEDULE}
    assert tick(now=NOON + dt.timedelta(hours=5)) == []
    assert ScheduledRun.objects.count() == len(SCHEDULE)


def test_the_next_day_queues_the_daily_jobs_again_but_not_the_weekly_one(survey):
    tick(now=NOON)  # a Wednesday
    again = tick(now=NOON + dt.timedelta(days=1))
    assert set(again) == {p.name for p in SCHEDULE if p.every == "day"}
    assert set(tick(now=NOON + dt.timedelta(days=5))) == {p.name for p in SCHEDULE}  # the next ISO week


def test_scheduler_once_prints_what_it_queued_as_json(survey):
    out = StringIO()
    call_command("scheduler", "--once", "--format", "json", stdout=out)
    result = last_json_line(out.getvalue())
    assert set(result["queued"]) == {p.name for p in SCHEDULE}
    out = StringIO()
    call_command("scheduler", "--once", "--format", "json", stdout=out)
    assert last_json_line(out.getvalue())["queued"] == []
