"""Demo data for Feed back: the reported engagement has findings from its themes, a decision on each, a
published "You said, we did" page, and its people told. The demo never uses the network: email goes through
Django's file-based backend into var/outbox/, and letters into a PDF under var/feedback/."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction

from folkmoot.core.demo import DemoContext

from . import services
from .models import Outcome
from .transports import Mailer

log = logging.getLogger(__name__)

DECISIONS = [
    (
        Outcome.DID,
        "We shared what you told us with every vaccination team and built it into their training this winter.",
        "",
    ),
    (
        Outcome.PARTLY,
        "We changed some clinic times and now send reminders by text as well as letter. Letters in other languages start next winter.",
        "",
    ),
    (
        Outcome.COULD_NOT,
        "We looked at a vaccination bus for outlying villages.",
        "National funding rules for this winter do not cover mobile clinics. We have asked NHS England to change this.",
    ),
    (
        Outcome.DECIDING,
        "The board will decide whether to fund a walk-in clinic at the synthetic hospital.",
        "",
    ),
]
TYPED = [
    "Clinics are only open when people are at work (synthetic finding).",
    "People did not know they were eligible until it was too late (synthetic finding).",
    "Getting to the clinic is hard without a car (synthetic finding).",
]


def _theme_findings(ctx: DemoContext, engagement) -> list:
    lead = ctx.users["lead"]
    try:
        # A savepoint, so a themes problem cannot spoil the rest of this loader's transaction.
        with transaction.atomic():
            from folkmoot.understand.themes.services import comments_classify

            comments_classify(engagement=engagement, actor=None)
            return services.findings_from_themes(actor=lead, engagement=engagement, limit=4)
    except Exception as exc:  # themes need a model that may not be installed; the demo still works
        log.warning("Feed back demo: no findings from themes (%s)", exc)
        return []


def load(ctx: DemoContext) -> None:
    lead = ctx.users["lead"]
    reported = ctx.engagements["reported"]
    findings = _theme_findings(ctx, reported)
    for said in TYPED[: max(0, 3 - len(findings))]:
        findings.append(services.finding_create(actor=lead, engagement=reported, said=said))
    for index, finding in enumerate(findings):
        outcome, we_did, reason = DECISIONS[index % len(DECISIONS)]
        services.decision_record(
            actor=lead,
            finding=finding,
            outcome=outcome,
            we_did=we_did,
            reason=reason,
            decide_by=ctx.today + dt.timedelta(days=60) if outcome == Outcome.DECIDING else None,
            owner="Synthetic Director of Vaccination (demo)",
            decided_on=ctx.today - dt.timedelta(days=200 - index),
        )
    services.feedback_page_update(
        actor=lead,
        engagement=reported,
        published=True,
        introduction="We asked people in Synthetic Shire why they do not take up winter vaccinations. "
        "This page says what they told us and what we did about it. Everyone here is made up (synthetic).",
    )
    from folkmoot.listen.selectors import surveys_for_engagement
    from folkmoot.listen.services import contact_add

    survey = surveys_for_engagement(engagement=reported).first()
    if survey is not None:  # someone who asked for an easy-read letter, so the demo makes one for the post
        contact_add(
            survey=survey,
            channel="letter",
            name="Synthetic Letter Reader (demo)",
            format="easy_read",
            address="1 Synthetic Street\nSynthetic Shire\nZZ1 1ZZ",
            is_synthetic=True,
        )
    outbox = Path(settings.VAR_DIR) / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    connection = get_connection("django.core.mail.backends.filebased.EmailBackend", file_path=str(outbox))
    from .tasks import run_send

    # Notify is never used by the demo, whatever the settings say: no network.
    saved = settings.USE_NOTIFY
    settings.USE_NOTIFY = False
    try:
        result = run_send(engagement=reported, actor=lead, mailer=Mailer(email_connection=connection))
    finally:
        settings.USE_NOTIFY = saved
    ctx.extra["feedback"] = {"reported_findings": len(findings), "sent": result, "outbox": str(outbox)}

    closed = ctx.engagements["closed"]
    closed_findings = _theme_findings(ctx, closed) or [
        services.finding_create(
            actor=lead, engagement=closed, said="Parking at the community hub is limited (synthetic finding)."
        )
    ]
    services.decision_record(
        actor=lead,
        finding=closed_findings[0],
        outcome=Outcome.DECIDING,
        we_did="We are asking the hub's owners about more parking.",
        owner="Synthetic Estates Manager (demo)",
        decide_by=ctx.today + dt.timedelta(days=30),
    )
    # Past its promised date with nobody told yet, so the dashboard's "Feedback overdue" panel and
    # `folkmoot feedback remind` have something to show.
    services.feedback_page_update(
        actor=lead, engagement=closed, due_on=max(closed.ends_on, ctx.today - dt.timedelta(days=2))
    )
