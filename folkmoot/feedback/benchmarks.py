"""`folkmoot bench feedback-send` (Feed back): people told per second through the whole sending pipeline.

Synthetic engagement and contacts, email only, through Django's in-memory mail backend (no network), so the
figure is our own cost per person: claiming the row, writing the message, recording the delivery. Everything
it creates is rolled back at the end.
"""

from __future__ import annotations

import time
import uuid

from django.core.mail import get_connection
from django.db import transaction

from folkmoot.core.bench import Benchmark, Stopwatch, peak_rss_mb

TARGET_PER_S = 50  # a 5,000-person engagement told in under two minutes, before provider time


class _Rollback(Exception):
    pass


def _setup(people: int):
    from folkmoot.core.models import Engagement, Organisation
    from folkmoot.listen import services as listen

    from . import services

    tag = uuid.uuid4().hex[:8]
    organisation, _ = Organisation.objects.get_or_create(
        slug="benchmark-org",
        defaults={"name": "Benchmark organisation (synthetic)", "type": "icb", "is_synthetic": True},
    )
    engagement = Engagement.objects.create(
        organisation=organisation,
        title=f"Benchmark {tag}",
        slug=f"bench-{tag}",
        status="closed",
        is_synthetic=True,
    )
    survey = listen.survey_create(
        actor=None,
        engagement=engagement,
        title="Benchmark",
        slug=f"bench-{tag}",
        check_permission=False,
        is_synthetic=True,
    )
    for i in range(people):
        listen.contact_add(survey=survey, channel="email", email=f"person{i}@example.org", is_synthetic=True)
    for n in range(5):
        finding = services.finding_create(
            actor=None, engagement=engagement, said=f"Synthetic finding {n}", check_permission=False
        )
        services.decision_record(
            actor=None,
            finding=finding,
            outcome="did",
            we_did="Synthetic decision",
            owner="Benchmark",
            check_permission=False,
        )
    return engagement


def _send(options: dict) -> dict:
    from .services.sending import feedback_send
    from .transports import Mailer

    people = options["people"]
    result: dict = {}
    try:
        with transaction.atomic():
            engagement = _setup(people)
            mailer = Mailer(email_connection=get_connection("django.core.mail.backends.locmem.EmailBackend"))
            with Stopwatch() as watch:
                counts = feedback_send(
                    actor=None, engagement=engagement, mailer=mailer, sleep=time.sleep, check_permission=False
                )
            result = {
                "people": people,
                "sent": counts["sent"],
                "failed": counts["failed"],
                "seconds": round(watch.seconds, 3),
                "people_per_s": round(people / watch.seconds, 1),
                "target_people_per_s": TARGET_PER_S,
                "met": people / watch.seconds >= TARGET_PER_S,
                "peak_rss_mb": peak_rss_mb(),
            }
            raise _Rollback
    except _Rollback:
        pass
    return result


BENCHMARKS = {
    "feedback-send": Benchmark(
        help="People told per second through the sending pipeline (email, in-memory backend, rolled back).",
        run=_send,
        add_arguments=lambda p: p.add_argument("--people", type=int, default=2000),
    )
}
