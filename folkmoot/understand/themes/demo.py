"""Demo data for themes: classify the demo surveys' free text with the real model, add synthetic feedback
over 13 weeks (with waiting times rising in the last week), a couple of reviews, and the early-warning alert.

Every comment written here is made up for the demo and says so (is_synthetic, "(synthetic)" in the source).
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from folkmoot.core.demo import DemoContext

from . import early_warning
from .models import Comment, ReviewAction, Source
from .services import (
    code_create,
    comment_create,
    comment_review,
    comments_classify,
    feedback_classify,
    framework_labels,
)

SYNTHETIC_FEEDBACK = [
    "The staff were kind and explained everything clearly.",
    "Lovely nurses, very caring and friendly throughout my stay.",
    "The doctor listened to me and involved me in decisions about my care.",
    "Could not get through on the phone to book an appointment.",
    "Parking at the hospital is expensive and there are never enough spaces.",
    "The ward was clean and the food was good.",
    "Nobody told me what was happening or when I would be seen.",
    "The receptionist was rude and unhelpful.",
    "Great service, thank you to everyone in the team.",
    "The letter about my appointment was confusing and arrived late.",
]
WAITING = [
    "I waited over four hours in the waiting room before anyone saw me.",
    "The wait for the ambulance was far too long, nearly three hours.",
    "Waiting times are getting worse, I was there all afternoon.",
    "Had to wait six weeks for a call back about my test results.",
    "Long delays at the urgent treatment centre, no updates on the wait.",
]


def _at(today: dt.date, days_ago: int, rng: random.Random) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    return dt.datetime.combine(
        day, dt.time(9 + rng.randrange(9), rng.randrange(60)), tzinfo=timezone.get_current_timezone()
    )


def load_themes_demo(ctx: DemoContext) -> None:
    rng = random.Random(35)
    icb, today = ctx.icb, ctx.today
    open_engagement = ctx.engagements["open"]
    # Synthetic general feedback across 13 weeks: a steady mix, then many more waiting-time comments in
    # the last week, which the early-warning test should pick up.
    for days_ago in range(1, 91):
        for _ in range(rng.randrange(1, 4)):
            comment_create(
                organisation=icb,
                engagement=open_engagement if days_ago <= 20 else None,
                source=Source.FEEDBACK,
                text=rng.choice(SYNTHETIC_FEEDBACK + WAITING[:1]),
                received_at=_at(today, days_ago, rng),
                question_text="Synthetic demo feedback: tell us about your experience",
                question_type="why",
                is_synthetic=True,
            )
    for i in range(14):
        comment_create(
            organisation=icb,
            engagement=open_engagement,
            source=Source.FEEDBACK,
            text=WAITING[i % len(WAITING)],
            received_at=_at(today, 1 + i % 6, rng),
            question_text="Synthetic demo feedback: tell us about your experience",
            question_type="improve",
            is_synthetic=True,
        )
    if not framework_labels():
        return  # no model installed: the comments are there, unclassified, and the panel says so
    analyst = ctx.users["analyst"]
    for key in ("open", "closed"):
        comments_classify(engagement=ctx.engagements[key], actor=None)
    feedback_classify(organisation=icb, actor=None)
    reviewed = list(Comment.objects.filter(engagement=open_engagement, latest_model__isnull=False)[:2])
    if reviewed:
        comment_review(comment=reviewed[0], actor=analyst, action=ReviewAction.ACCEPT)
    local = code_create(organisation=icb, actor=analyst, label="Urgent treatment centre (local, synthetic)")
    if len(reviewed) > 1:
        comment_review(comment=reviewed[1], actor=analyst, action=ReviewAction.ADD, codes=[local.code])
    early_warning.alerts_raise(
        organisation=icb, as_of=today, labels={c: lab for c, (lab, _) in framework_labels().items()}
    )
