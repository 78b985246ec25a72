"""Synthetic demo plans: a strong plan on the open engagement and a weak one on the draft engagement
(its check fails on at least five principles). Also one synthetic Healthwatch-style report."""

from __future__ import annotations

import datetime as dt

from folkmoot.core.demo import DemoContext

from . import services


def strong_plan_data(start: dt.date) -> dict:
    """A plan that passes every error-level rule, with its window starting on `start`."""
    end = start + dt.timedelta(days=90)
    d = lambda days: (start + dt.timedelta(days=days)).isoformat()  # noqa: E731
    return {
        "aims": {
            "why": "Many people use A&E when they need help the same day because they do not know where else to go. "
            "We want to learn what gets in the way and what would help.",
            "what_we_need_to_know": "How people choose where to go for urgent help, and what stops them using other services.",
            "decision": "Which of three options for same-day urgent care the board will choose.",
            "decision_maker": "Synthetic Shire ICB board (demo)",
            "decision_date": (end + dt.timedelta(days=45)).isoformat(),
            "public_summary": "We want to hear how you get help when you need it today. Tell us what works and what does not. "
            "Your views will help us choose how urgent care will work. We will tell you what we decided.",
        },
        "scope": {
            "can_change": ["Where same-day services are", "Opening hours", "How you book"],
            "cannot_change": [
                {"item": "The total budget for urgent care", "why": "It is set nationally for this year."},
                {"item": "A&E at the main hospital stays open", "why": "It is a national requirement."},
            ],
        },
        "level": "involve",
        "substantial_change": True,
        "scrutiny": {
            "consulted": True,
            "consulted_on": d(-30),
            "notes": "Agreed with the joint health scrutiny committee.",
        },
        "audiences": [
            {
                "name": "Parents of young children",
                "kind": "protected_characteristic",
                "tags": ["working_age"],
                "how_reached": "Children's centres and school newsletters",
                "methods": ["drop_in", "online_survey"],
            },
            {
                "name": "People experiencing homelessness",
                "kind": "inclusion_health",
                "tags": ["inclusion_health", "digitally_excluded"],
                "how_reached": "Outreach by the synthetic homeless health partner",
                "methods": ["vcse_outreach"],
            },
            {
                "name": "Unpaid carers",
                "kind": "carers",
                "tags": ["carers"],
                "how_reached": "Carers' centre sessions in the evening",
                "methods": ["focus_groups"],
            },
            {
                "name": "Urgent care staff",
                "kind": "staff",
                "tags": ["staff"],
                "how_reached": "Staff briefings and survey",
                "methods": ["staff_briefings"],
            },
        ],
        "partners": [
            {
                "name": "Synthetic Shire Community Voices (demo)",
                "role": "Outreach and focus groups",
                "paid": True,
                "payment": 4000,
            },
            {
                "name": "Synthetic Healthwatch (demo)",
                "role": "Independent check and report review",
                "paid": True,
                "payment": 1500,
            },
        ],
        "methods": [
            {"method": "online_survey"},
            {"method": "paper_survey"},
            {"method": "drop_in"},
            {"method": "vcse_outreach", "partner": "Synthetic Shire Community Voices (demo)"},
            {"method": "focus_groups"},
            {"method": "staff_briefings"},
            {"method": "easy_read"},
        ],
        "timeline": {
            "start": d(0),
            "end": end.isoformat(),
            "extension_days": 14,
            "extension_reason": "Covers school holidays and festivals in the window.",
            "key_dates": [
                {"date": d(20), "label": "Market drop-in"},
                {"date": (end + dt.timedelta(days=45)).isoformat(), "label": "Board decision"},
            ],
        },
        "budget": {
            "total": 24000,
            "accessibility": 3000,
            "partner_payments": 5500,
            "translation": 1200,
            "participant_payments": 800,
        },
        "evidence": [
            {
                "title": "Synthetic Healthwatch urgent care report (demo)",
                "date": d(-400),
                "summary": "People found NHS 111 hard to reach at night.",
            }
        ],
        "gaps": ["Young men", "Polish-speaking residents"],
        "inclusion": {
            "languages": ["English", "Polish", "Gujarati"],
            "formats": ["Easy read", "Large print", "BSL video"],
            "venues": ["Step-free community hubs"],
            "times": ["Evenings", "Saturday mornings"],
        },
        "communications": {
            "invitation": "Tell us how you get help when you need it today. It takes ten minutes.",
            "channels": ["Local radio", "GP surgeries", "Partners' networks"],
        },
        "delivery": "Weekly review of who has taken part against the local population; extra outreach where groups are missing.",
        "evaluation": {
            "how": "Short feedback form for participants; review with partners a month after the end.",
            "participants_view": True,
        },
        "feedback": {
            "how": "'You said, we did' page, letters and partners' newsletters",
            "date": (end + dt.timedelta(days=60)).isoformat(),
        },
        "influence": {"route": "Findings report to the board paper for the decision meeting."},
        "duties": {
            "s13q": {"applies": False, "why": "We are not NHS England."},
            "s14z45": {
                "applies": True,
                "why": "An ICB proposal that changes where and how urgent care is given.",
            },
            "s242_1b": {
                "applies": True,
                "why": "The trust runs the urgent treatment centre that would change.",
            },
            "equality_s149": {
                "applies": True,
                "why": "Changes affect disabled people, carers and parents differently.",
            },
            "gp_ppg": {"applies": False, "why": "Not a GP practice proposal; PPGs are invited as partners."},
        },
    }


def weak_plan_data(start: dt.date) -> dict:
    """A rushed, online-only plan with no feedback promise: errors on many principles."""
    return {
        "aims": {
            "why": "Get views.",
            "public_summary": "The ICB will deliver a transformation of the CAMHS pathway via PCNs.",
        },
        "scope": {"can_change": ["The name of the service"]},
        "level": "consult",
        "substantial_change": True,
        "audiences": [{"name": "Young people", "kind": "protected_characteristic", "how_reached": ""}],
        "partners": [{"name": "Synthetic Youth Charity (demo)", "role": "Share the survey", "paid": False}],
        "methods": [{"method": "online_survey"}, {"method": "social_media"}],
        "timeline": {"start": start.isoformat(), "end": (start + dt.timedelta(days=20)).isoformat()},
        "budget": {"total": 500},
    }


def load_plan_demo(ctx: DemoContext) -> None:
    lead = ctx.users["lead"]
    strong = services.plan_get_or_create(engagement=ctx.engagements["open"], actor=lead)
    services.plan_update(
        plan=strong,
        actor=lead,
        changes=strong_plan_data(ctx.engagements["open"].starts_on or ctx.today),
        replace=True,
    )
    weak = services.plan_get_or_create(engagement=ctx.engagements["draft"], actor=lead)
    services.plan_update(
        plan=weak,
        actor=lead,
        changes=weak_plan_data(ctx.engagements["draft"].starts_on or ctx.today),
        replace=True,
    )
    # The reported engagement had a plan too, so its evidence pack shows what was planned beside what happened.
    reported = ctx.engagements["reported"]
    vaccination = strong_plan_data(reported.starts_on or ctx.today)
    vaccination["aims"].update(
        why="Fewer people in some communities take up winter vaccinations. We want to learn what stops them and "
        "what would help.",
        what_we_need_to_know="What makes it hard to get a winter vaccination, and what would make it easier.",
        decision="Where and when next winter's vaccination clinics run, and how they are explained.",
        public_summary="We want to hear what makes it hard to get your winter vaccinations. Your views will help "
        "us plan next winter's clinics. We will tell you what we decided.",
    )
    done = services.plan_get_or_create(engagement=reported, actor=lead)
    services.plan_update(plan=done, actor=lead, changes=vaccination, replace=True)
    report = (
        "Synthetic Healthwatch Shire (demo): what people told us about urgent care. Key findings:\n"
        "People did not know when to use NHS 111, the urgent treatment centre or A&E. Parents of young children "
        "went to A&E because they could not get a same-day GP appointment. Carers said evening phone lines were "
        "hard to get through. People experiencing homelessness were turned away without an address."
    )
    services.report_import(
        organisation=ctx.icb,
        actor=None,
        filename="synthetic_healthwatch_urgent_care.txt",
        content=report.encode(),
        title="What people told us about urgent care (synthetic Healthwatch report, demo)",
        author="Synthetic Healthwatch Shire (demo)",
        published_on=ctx.today - dt.timedelta(days=400),
    )
    ctx.extra["plans"] = {"strong": strong, "weak": weak, "reported": done}
