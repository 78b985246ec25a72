"""Shared set-up for Feed back tests: a closed engagement with a survey, answers and people to tell."""

from __future__ import annotations

import datetime as dt

import pytest

from folkmoot.core.extensions import transition_guards
from folkmoot.feedback.guards import reported_needs_decisions
from folkmoot.listen import services as listen


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    # Letters and the demo outbox are written under VAR_DIR; keep them out of the working tree.
    settings.VAR_DIR = tmp_path


@pytest.fixture(autouse=True)
def _feedback_guard_registered():
    # Another app's test may clear the registry; this app's rule must be in force for its own tests.
    transition_guards.register(reported_needs_decisions)


@pytest.fixture
def closed(personas):
    """The personas' engagement, closed, with a survey of 10 responses and three people to tell."""
    engagement = personas.engagement
    survey = listen.survey_create(
        actor=personas.lead, engagement=engagement, title="Urgent care", slug="urgent-care"
    )
    listen.question_add(
        survey=survey,
        type="single",
        code="wait",
        text="How long did you wait?",
        options=["Under an hour", "Longer"],
    )
    listen.survey_set_status(actor=personas.lead, survey=survey, status="open")
    for i in range(10):
        listen.response_record(
            survey=survey,
            answers={"wait": "Longer" if i < 9 else "Under an hour"},
            channel="online" if i < 6 else "paper",
            actor=personas.lead,
        )
    listen.contact_add(survey=survey, channel="email", name="Ann Example", email="ann@example.org")
    listen.contact_add(survey=survey, channel="sms", name="Bo Example", phone="07911 123456")
    listen.contact_add(
        survey=survey,
        channel="letter",
        name="Cy Example",
        address="1 Test Street\nTestville\nTE1 1ST",
        format="easy_read",
    )
    listen.survey_set_status(actor=personas.lead, survey=survey, status="closed")
    from folkmoot.core.services import engagement_transition

    engagement = engagement_transition(actor=personas.lead, engagement=engagement, to="closed")
    engagement.ends_on = dt.date(2026, 3, 1)
    return engagement


@pytest.fixture
def notify(settings):
    """A local GOV.UK Notify API, with the settings pointing at it."""
    from .servers import API_KEY, EMAIL_TEMPLATE, SMS_TEMPLATE, FakeNotify

    fake = FakeNotify().start()
    settings.USE_NOTIFY = True
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = fake.url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE
    settings.NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE
    settings.FEEDBACK_RETRY_BASE_SECONDS = 0.01
    yield fake
    fake.stop()


@pytest.fixture
def smtp(settings):
    """A real SMTP server on this machine (aiosmtpd), with Notify off so email falls back to SMTP."""
    from aiosmtpd.controller import Controller

    from .servers import SmtpHandler, free_port

    handler = SmtpHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.USE_NOTIFY = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.FEEDBACK_RETRY_BASE_SECONDS = 0.01
    yield handler
    controller.stop()


@pytest.fixture
def decided(personas, closed):
    """The closed engagement with two findings, both decided."""
    from folkmoot.feedback import services

    first = services.finding_create(
        actor=personas.lead, engagement=closed, said="Phone queues at 8am are too long", count=40
    )
    services.decision_record(
        actor=personas.lead,
        finding=first,
        outcome="partly",
        we_did="We added two phone lines in the morning.",
        owner="Head of Primary Care",
    )
    second = services.finding_create(actor=personas.lead, engagement=closed, said="Parking is hard")
    services.decision_record(
        actor=personas.lead,
        finding=second,
        outcome="could_not",
        we_did="We looked at more parking.",
        reason="The car park belongs to the council.",
        owner="Estates manager",
    )
    return closed
