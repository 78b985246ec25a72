"""Synthetic demo data. Every name says it is synthetic; nothing here describes real people.

Stage apps add their own demo data by registering a loader in AppConfig.ready():

    from folkmoot.core.demo import demo_loaders
    demo_loaders.register(order=20, loader=load_listen_demo)

A loader receives the DemoContext made by the core loader and may add to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .extensions import transition_guards
from .models import Engagement, EngagementStatus, Organisation, OrganisationType, Role, User
from .services import engagement_create, engagement_share, membership_set, organisation_create, user_create

DEMO_PASSWORD = "folkmoot-demo"
ICB_SLUG = "synthetic-shire-icb"
# Real local authorities, so "who is missing" compares with real Census 2021 figures:
# Leicester, Charnwood, Oadby and Wigston.
DEMO_AREAS = ["E06000016", "E07000130", "E07000135"]


@dataclass
class DemoContext:
    icb: Organisation
    trust: Organisation
    practice: Organisation
    vcse: Organisation
    users: dict[str, User]
    engagements: dict[str, Engagement]
    today: dt.date
    extra: dict = field(default_factory=dict)


class DemoLoaders:
    def __init__(self) -> None:
        self._loaders: list[tuple[int, str, Callable[[DemoContext], None]]] = []

    def register(self, *, order: int, loader: Callable[[DemoContext], None]) -> None:
        key = f"{loader.__module__}.{loader.__qualname__}"
        if key not in {k for _, k, _ in self._loaders}:
            self._loaders.append((order, key, loader))
            self._loaders.sort(key=lambda item: item[0])

    def __iter__(self):
        return iter([(key, loader) for _, key, loader in self._loaders])


demo_loaders = DemoLoaders()


def demo_exists() -> bool:
    return Organisation.objects.filter(slug=ICB_SLUG).exists()


@transaction.atomic
def load_core_demo(today: dt.date | None = None) -> DemoContext:
    today = today or timezone.localdate()
    icb = organisation_create(
        name="Synthetic Shire ICB (demo)",
        slug=ICB_SLUG,
        type=OrganisationType.ICB,
        ods_code="QZZ",
        area_codes=DEMO_AREAS,
        is_synthetic=True,
        description="A made-up integrated care board used to demonstrate Folkmoot. Its areas are real "
        "local authorities so that comparisons use real Census 2021 figures.",
    )
    trust = organisation_create(
        name="Synthetic Shire Hospitals NHS Trust (demo)",
        slug="synthetic-shire-hospitals",
        type=OrganisationType.NHS_TRUST,
        ods_code="ZZ1",
        area_codes=DEMO_AREAS,
        parent=icb,
        is_synthetic=True,
    )
    practice = organisation_create(
        name="Synthetic Street Surgery (demo)",
        slug="synthetic-street-surgery",
        type=OrganisationType.GP_PRACTICE,
        ods_code="Z99999",
        area_codes=["E06000016"],
        parent=icb,
        is_synthetic=True,
    )
    vcse = organisation_create(
        name="Synthetic Community Voices (demo VCSE)",
        slug="synthetic-community-voices",
        type=OrganisationType.VCSE,
        area_codes=["E06000016"],
        is_synthetic=True,
    )
    people = {
        "admin": ("Synthetic Admin (demo)", icb, Role.ADMIN),
        "lead": ("Synthetic Engagement Lead (demo)", icb, Role.LEAD),
        "analyst": ("Synthetic Analyst (demo)", icb, Role.ANALYST),
        "partner": ("Synthetic VCSE Partner (demo)", vcse, Role.PARTNER),
        "viewer": ("Synthetic Viewer (demo)", icb, Role.VIEWER),
        "trustlead": ("Synthetic Trust Lead (demo)", trust, Role.LEAD),
        "practicelead": ("Synthetic Practice Manager (demo)", practice, Role.LEAD),
    }
    users = {}
    for username, (name, organisation, role) in people.items():
        users[username] = user_create(
            username=username, password=DEMO_PASSWORD, email=f"{username}@example.org", display_name=name
        )
        membership_set(user=users[username], organisation=organisation, role=role)
    lead = users["lead"]
    plans = [
        (
            "open",
            "Same-day urgent care in Synthetic Shire (demo)",
            EngagementStatus.OPEN,
            "We want to hear how you use urgent care when you need help today, and what would make it easier.",
            -20,
            40,
        ),
        (
            "draft",
            "Community mental health services for young people (demo)",
            EngagementStatus.DRAFT,
            "Planning how to involve young people and families in redesigning support.",
            30,
            90,
        ),
        (
            "closed",
            "Moving the diabetes clinic (demo)",
            EngagementStatus.CLOSED,
            "We asked people about moving the diabetes outpatient clinic to a community hub.",
            -120,
            -30,
        ),
        (
            "reported",
            "Winter vaccinations: what stops people (demo)",
            EngagementStatus.REPORTED,
            "We asked why some people do not take up winter vaccinations, and told them what changed.",
            -300,
            -240,
        ),
    ]
    engagements = {}
    for key, title, status, summary, start, end in plans:
        engagement = engagement_create(
            actor=lead,
            organisation=icb,
            title=title,
            summary=summary,
            lead=lead,
            starts_on=today + dt.timedelta(days=start),
            ends_on=today + dt.timedelta(days=end),
            feedback_due_on=today + dt.timedelta(days=end + 56),
            is_synthetic=True,
        )
        path = {
            EngagementStatus.DRAFT: [],
            EngagementStatus.OPEN: [EngagementStatus.OPEN],
            EngagementStatus.CLOSED: [EngagementStatus.OPEN, EngagementStatus.CLOSED],
            EngagementStatus.REPORTED: [
                EngagementStatus.OPEN,
                EngagementStatus.CLOSED,
                EngagementStatus.REPORTED,
            ],
        }[status]
        # Stage guards (e.g. "every finding has a decision") are met later by the stage demo loaders.
        with transition_guards.paused():
            for step in path:
                engagement_transition_demo(lead, engagement, step)
        engagements[key] = Engagement.objects.get(pk=engagement.pk)
    engagement_share(actor=lead, engagement=engagements["open"], organisation=vcse)
    engagements["trust"] = engagement_create(
        actor=users["trustlead"],
        organisation=trust,
        title="Outpatient letters that make sense (demo)",
        summary="How can our letters be clearer?",
        starts_on=today - dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=25),
        is_synthetic=True,
    )
    return DemoContext(
        icb=icb, trust=trust, practice=practice, vcse=vcse, users=users, engagements=engagements, today=today
    )


def engagement_transition_demo(actor: User, engagement: Engagement, to: str) -> None:
    from .services import engagement_transition

    engagement_transition(actor=actor, engagement=engagement, to=to)


def load_demo(today: dt.date | None = None, log: Callable[[str], None] = lambda _: None) -> DemoContext:
    """Load the core demo, then every stage's, each in its own transaction so one failure is clear."""
    context = load_core_demo(today=today)
    log("core: synthetic ICB, member organisations, users of every role, engagements")
    for key, loader in demo_loaders:
        with transaction.atomic():
            loader(context)
        log(f"{key.removeprefix('folkmoot.').rsplit('.', 2)[0]}: loaded")
    return context
