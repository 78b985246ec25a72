"""Synthetic demo survey with every question type, a translation (Urdu, right to left) and easy read.

Answers are synthetic. Free-text answers reuse real, public NHS Friends and Family Test comments from
../shared/data/feedback/train.csv (pxtextmining, NHS England, MIT licence; see that folder's PROVENANCE.md),
so the theme classifier has realistic text to work on; they are not from the demo's made-up people.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from folkmoot.core.demo import DemoContext

from . import services
from .equality import AGE_BANDS, ETHNIC_GROUPS_19, PREFER_NOT, RELIGIONS

SEED = 20261125


def _comments(limit: int = 400) -> list[str]:
    path = Path(settings.SHARED_DIR) / "data" / "feedback" / "train.csv"
    if not path.exists():
        return ["The staff were kind and listened to me.", "I waited too long to get an appointment."]
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [r["text"].strip() for r in csv.DictReader(handle) if len(r.get("text", "").strip()) > 25]
    random.Random(SEED).shuffle(rows)
    return rows[:limit]


def build_survey(ctx: DemoContext, engagement_key: str, title: str, slug: str, full: bool):
    engagement = ctx.engagements[engagement_key]
    survey = services.survey_create(
        actor=ctx.users["lead"],
        engagement=engagement,
        title=title,
        slug=slug,
        is_synthetic=True,
        introduction="We want to hear about using urgent care when you need help the same day (synthetic demo).\n\n"
        "It takes about 5 minutes. Your answers are anonymous unless you choose to leave contact details.",
        easy_read_introduction="We want to know what happens when you need help today. It takes 5 minutes.",
        languages=["ur", "pl"] if full else [],
        translations={
            "ur": {
                "title": "آج ہی کی فوری دیکھ بھال (ڈیمو)",
                "introduction": "ہم جاننا چاہتے ہیں کہ جب آپ کو آج ہی مدد کی ضرورت ہو تو کیا ہوتا ہے۔",
                "ui": {"start": "ابھی شروع کریں", "continue": "جاری رکھیں", "send": "میرے جوابات بھیجیں"},
            },
            "pl": {
                "title": "Pilna opieka tego samego dnia (demo)",
                "introduction": "Chcemy wiedzieć, co się dzieje, gdy potrzebujesz pomocy tego samego dnia.",
                "ui": {"start": "Rozpocznij", "continue": "Dalej", "send": "Wyślij odpowiedzi"},
            },
        }
        if full
        else {},
    )
    add = services.question_add
    add(
        survey=survey,
        type="fft",
        code="fft",
        text="Overall, how was your experience of urgent care?",
        required=True,
        easy_read_text="Was urgent care good or bad for you?",
        translations={
            "ur": {"text": "مجموعی طور پر، فوری دیکھ بھال کا آپ کا تجربہ کیسا رہا؟"},
            "pl": {"text": "Ogólnie, jak oceniasz pilną opiekę?"},
        },
    )
    add(
        survey=survey,
        type="single",
        code="first-contact",
        text="Where did you go first?",
        section="Your visit",
        options=["NHS 111", "My GP practice", "A pharmacy", "Urgent treatment centre", "A&E"],
    )
    add(
        survey=survey,
        type="multiple",
        code="barriers",
        text="Did anything make it hard to get help?",
        options=[
            "Cost of travel",
            "Could not get through on the phone",
            "Language",
            "Opening times",
            "Caring responsibilities",
            "Nothing",
        ],
    )
    if full:
        add(survey=survey, type="likert", code="listened", text="Staff listened to me.")
        add(
            survey=survey,
            type="rating",
            code="likely",
            text="How likely are you to use NHS 111 online next time?",
        )
        add(
            survey=survey,
            type="number",
            code="visits",
            text="How many times did you need urgent care this year?",
        )
        add(survey=survey, type="date", code="visit-date", text="When did you last need urgent care?")
    add(
        survey=survey,
        type="text",
        code="improve",
        text="What one thing would have made it better?",
        easy_read_text="What would make it better?",
    )
    add(
        survey=survey,
        type="text",
        code="phone-detail",
        text="What happened when you phoned?",
        show_if={"question": "barriers", "equals": "Could not get through on the phone"},
    )
    add(
        survey=survey,
        type="postcode",
        code="postcode",
        text="What is your postcode?",
        hint="We use it only to see which areas we heard from.",
    )
    services.survey_add_equality_block(survey=survey)
    if full:
        _easy_read_picture(ctx, survey)
    services.survey_set_status(actor=ctx.users["lead"], survey=survey, status="open")
    return survey


def _easy_read_picture(ctx: DemoContext, survey) -> None:
    """A drawn picture (synthetic: a simple smiling face) in the first question's easy-read slot."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 220, 220), fill=(255, 235, 59), outline=(33, 43, 50), width=6)
    draw.ellipse((75, 80, 100, 105), fill=(33, 43, 50))
    draw.ellipse((140, 80, 165, 105), fill=(33, 43, 50))
    draw.arc((65, 90, 175, 180), start=20, end=160, fill=(33, 43, 50), width=8)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    services.question_set_easy_read_image(
        actor=ctx.users["lead"],
        question=survey.questions.get(code="fft"),
        image=SimpleUploadedFile("smiling-face.png", buffer.getvalue(), content_type="image/png"),
        alt="A drawing of a smiling face",
    )


# Skewed on purpose, as real engagement often is: older, White British, fewer young people and fewer
# Black, Asian and other minority ethnic respondents than the local population (Leicester is very diverse).
AGE_WEIGHTS = {
    band: w
    for band, w in zip(AGE_BANDS[3:], [1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 10, 9, 7, 5, 3], strict=False)
}
ETHNIC_WEIGHTS = {e: 1 for e in ETHNIC_GROUPS_19} | {
    "White: English, Welsh, Scottish, Northern Irish or British": 60,
    "Asian, Asian British or Asian Welsh: Indian": 12,
    "White: Other White": 4,
    "Asian, Asian British or Asian Welsh: Pakistani": 2,
}
POSTCODES = ["LE1 5WW", "LE2 7LX", "LE3 9QP", "LE4 5PW", "LE5 4PW", "LE11 3TU", "LE18 2AN", "LE2 5BE"]


def add_responses(ctx: DemoContext, survey, n: int, comments: list[str]) -> None:
    rng = random.Random(SEED + n)
    questions = {q.code: q for q in survey.questions.all()}
    channels = ["online"] * 6 + ["paper"] * 2 + ["phone", "event"]
    now = timezone.now()
    for i in range(n):
        answers = {
            "fft": rng.choices(
                ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"],
                [30, 30, 10, 15, 10, 5],
            )[0],
            "first-contact": rng.choice(questions["first-contact"].options)["value"],
            "barriers": rng.sample(
                [
                    "Cost of travel",
                    "Could not get through on the phone",
                    "Language",
                    "Opening times",
                    "Caring responsibilities",
                ],
                k=rng.choice([0, 1, 1, 2]),
            )
            or ["Nothing"],
            "improve": comments[i % len(comments)],
            "postcode": rng.choice(POSTCODES),
            "eq-age-band": rng.choices(list(AGE_WEIGHTS), list(AGE_WEIGHTS.values()))[0],
            "eq-sex": rng.choices(["Female", "Male", PREFER_NOT], [58, 38, 4])[0],
            "eq-ethnic-group": rng.choices(list(ETHNIC_WEIGHTS), list(ETHNIC_WEIGHTS.values()))[0],
            "eq-religion": rng.choices([*RELIGIONS, PREFER_NOT], [30, 1, 45, 8, 1, 6, 3, 1, 5])[0],
            "eq-disability": rng.choices(
                ["Disabled under the Equality Act", "Not disabled under the Equality Act"], [22, 78]
            )[0],
        }
        if "Could not get through on the phone" in answers["barriers"]:
            answers["phone-detail"] = comments[(i * 7 + 3) % len(comments)]
        if "listened" in questions:
            answers["listened"] = rng.choice(
                ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree"]
            )
            answers["likely"] = rng.randint(0, 10)
            answers["visits"] = rng.randint(1, 6)
            answers["visit-date"] = (ctx.today - dt.timedelta(days=rng.randint(1, 200))).isoformat()
        if rng.random() < 0.15:  # some people skip the equality questions altogether
            for code in [c for c in answers if c.startswith("eq-")]:
                answers.pop(code)
        channel = rng.choice(channels)
        services.response_record(
            survey=survey,
            answers={k: v for k, v in answers.items() if k in questions},
            channel=channel,
            partner=ctx.vcse if channel == "event" else None,
            check_permission=False,
            is_synthetic=True,
            submitted_at=now - dt.timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 1440)),
        )


def load(ctx: DemoContext) -> None:
    comments = _comments()
    survey = build_survey(ctx, "open", "Same-day urgent care survey (demo)", "urgent-care-demo", full=True)
    add_responses(ctx, survey, 300, comments)
    for i in range(12):
        services.contact_add(
            survey=survey,
            channel=["email", "sms", "letter"][i % 3],
            name=f"Synthetic Person {i + 1}",
            email=f"person{i + 1}@example.org",
            phone=f"07911 1234{i:02d}",
            address=f"{i + 1} Synthetic Street\nLeicester\nLE1 5WW",
            is_synthetic=True,
            format=["standard", "easy_read", "large_print"][i % 3],
        )
    services.event_record(
        actor=ctx.users["lead"],
        engagement=ctx.engagements["open"],
        kind="focus_group",
        held_on=ctx.today - dt.timedelta(days=10),
        place="Synthetic Community Centre (demo)",
        attendance=14,
        partner=ctx.vcse,
        check_permission=False,
        notes="Parents said the phone queue at 8am makes it impossible to get a same-day "
        "appointment. Several people had been sent to A&E by 111 and waited hours.",
    )
    ctx.extra["listen_survey"] = survey
    for key, slug, n in (
        ("closed", "diabetes-clinic-demo", 120),
        ("reported", "winter-vaccinations-demo", 90),
    ):
        engagement = ctx.engagements[key]
        if engagement.status != "open":
            # Surveys take answers only while open; record them as they came in, then close the survey.
            from folkmoot.core.models import Engagement

            Engagement.objects.filter(pk=engagement.pk).update(status="open")
        other = build_survey(ctx, key, f"{engagement.title} survey", slug, full=False)
        add_responses(ctx, other, n, comments[::-1])
        services.survey_set_status(actor=ctx.users["lead"], survey=other, status="closed")
        if engagement.status != "open":
            from folkmoot.core.models import Engagement

            Engagement.objects.filter(pk=engagement.pk).update(status=engagement.status)
        for i in range(4):
            services.contact_add(
                survey=other,
                channel="email",
                name=f"Synthetic Person {key} {i + 1}",
                email=f"{key}{i + 1}@example.org",
                is_synthetic=True,
            )
