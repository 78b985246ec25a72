"""Demo data for Reach (order 15): a synthetic register of 36, contact history, a grid, a paid partnership,
a PPG with its profile against its practice, and an early-warning panel meeting. Every name says synthetic."""

from __future__ import annotations

import datetime as dt

from folkmoot.core.demo import DemoContext

from . import services

COMMUNITIES = [
    "Carers",
    "Older people",
    "Bangladeshi women",
    "Polish community",
    "Young people",
    "Deaf BSL users",
    "Gypsy and Traveller communities",
    "People experiencing homelessness",
    "Disabled people",
]
LANGUAGES = ["en", "bn", "pl", "ur", "pa", "bsl"]
CATEGORIES = [
    "vcse",
    "faith_leader",
    "community_leader",
    "peer_researcher",
    "ppg",
    "councillor",
    "staff_network",
    "healthwatch",
    "patient",
]
# Distinct words so the demo's own names are not flagged as near-duplicates of each other.
PLACES = [
    "Ashby",
    "Brookfield",
    "Calder",
    "Dunmore",
    "Elmstead",
    "Fenwick",
    "Glenholm",
    "Harwood",
    "Ivybridge",
    "Juniper",
    "Kelso",
    "Larkhill",
    "Millbrook",
    "Northgate",
    "Oakham",
    "Pennfield",
    "Quarrydale",
    "Rosehill",
    "Stanmore",
    "Thornbury",
    "Upton",
    "Valewood",
    "Westcliff",
    "Yarrow",
    "Zennor",
    "Alderley",
    "Bramhope",
    "Cromer",
    "Dovedale",
    "Eskdale",
    "Foxton",
    "Greystoke",
    "Hexley",
    "Ingleby",
    "Kirkwall",
    "Lowther",
]
INDIVIDUAL = {"faith_leader", "community_leader", "peer_researcher", "councillor", "patient"}


def load_reach_demo(ctx: DemoContext) -> None:
    org, lead, today = ctx.icb, ctx.users["lead"], ctx.today
    engagement = ctx.engagements["open"]
    if engagement.organisation_id != org.pk:
        org = engagement.organisation
    people = []
    for i in range(36):
        category = CATEGORIES[i % len(CATEGORIES)]
        people.append(
            services.stakeholder_create(
                organisation=org,
                actor=lead,
                check=False,
                is_synthetic=True,
                kind="individual" if category in INDIVIDUAL else "organisation",
                category=category,
                name=f"Synthetic {PLACES[i]} {category.replace('_', ' ')} (demo)",
                email=f"synthetic-{i + 1:02d}@example.org",
                communities=[COMMUNITIES[i % len(COMMUNITIES)], COMMUNITIES[(i * 4 + 1) % len(COMMUNITIES)]],
                languages=["en", LANGUAGES[i % len(LANGUAGES)]],
                areas=["Synthetic Shire"],
                consent_to_contact=i % 7 != 0,
                consent_recorded_on=today if i % 7 else None,
            )
        )
    # One deliberate near-duplicate so the register shows its flag.
    services.stakeholder_create(
        organisation=org,
        actor=lead,
        check=False,
        is_synthetic=True,
        kind="organisation",
        category="vcse",
        name="Synthetic Ashby vcse group (demo)",
        email="synthetic-01@example.org",
    )
    partner = people[0]
    for n, person in enumerate(people[:12]):
        services.contact_record(
            stakeholder=person,
            actor=lead,
            check=False,
            kind="invitation",
            engagement=engagement,
            on=today - dt.timedelta(days=5 + n * 9),
            summary="Invited to the synthetic urgent care survey",
            told_back="You said, we did summary sent" if n % 2 else "",
        )
        services.grid_set(
            engagement=engagement,
            stakeholder=person,
            influence=1 + n % 5,
            interest=1 + (n * 3) % 5,
            actor=lead,
            check=False,
        )
    rate = services.rate_set(
        organisation=org,
        actor=lead,
        check=False,
        code="half-day-synthetic",
        kind="involvement",
        amount="50.00",
        label="Synthetic half-day involvement rate (set by the organisation)",
        unit="per half day",
        notes="Demo figure only: set your own rates from your involvement payment policy.",
    )
    agreement = services.agreement_create(
        engagement=engagement,
        partner=partner,
        deliverables="Two synthetic listening sessions in Bengali",
        fee="600",
        agreed_on=today - dt.timedelta(days=40),
        actor=lead,
        check=False,
    )
    services.agreement_set_status(
        agreement=agreement, status="paid", on=today - dt.timedelta(days=10), actor=lead, check=False
    )
    peer = people[3]
    peer_agreement = services.agreement_create(
        engagement=engagement,
        partner=peer,
        deliverables="Synthetic peer research interviews",
        fee="0",
        agreed_on=today - dt.timedelta(days=30),
        actor=lead,
        check=False,
    )
    payment = services.payment_record(
        engagement=engagement,
        payee=peer,
        kind="involvement",
        agreement=peer_agreement,
        rate=rate,
        quantity=2,
        agreed_on=today - dt.timedelta(days=30),
        actor=lead,
        check=False,
    )
    services.payment_set_status(
        payment=payment, status="paid", on=today - dt.timedelta(days=5), actor=lead, check=False
    )
    _ppg(ctx)
    panel = services.panel_create(
        organisation=org,
        name="Synthetic VCSE early-warning panel (demo)",
        actor=lead,
        check=False,
        is_synthetic=True,
        members=people[:6],
    )
    meeting = services.panel_meeting_record(
        panel=panel,
        held_on=today - dt.timedelta(days=20),
        actor=lead,
        check=False,
        notes="Synthetic quarterly meeting",
    )
    issue = services.panel_issue_record(
        meeting=meeting,
        title="Synthetic: interpreters not booked for appointments",
        actor=lead,
        check=False,
        communities=["Bangladeshi women", "Polish community"],
        theme_codes=["access"],
        raised_by=partner,
    )
    services.panel_issue_update(
        issue=issue,
        actor=lead,
        check=False,
        follow_up="Raised with the synthetic trust",
        followed_up_on=today - dt.timedelta(days=10),
    )
    ctx.extra["reach_register_size"] = len(people) + 1


def _ppg(ctx: DemoContext) -> None:
    today = ctx.today
    group = services.ppg_create(
        practice=ctx.practice,
        name="Synthetic patient participation group (demo)",
        actor=None,
        check=False,
        is_synthetic=True,
        how_patients_told="Synthetic newsletter and the waiting room screen",
    )
    for i in range(24):
        services.ppg_member_add(
            group=group,
            name=f"Synthetic PPG member {i + 1:02d}",
            actor=None,
            check=False,
            sex="Female" if i % 3 else "Male",
            age=None if i % 8 == 0 else 55 + (i * 7) % 30,
        )
    meeting = services.ppg_meeting_record(
        group=group,
        held_on=today - dt.timedelta(days=30),
        actor=None,
        attendees=9,
        minutes="Synthetic minutes: phone access",
        check=False,
    )
    services.ppg_action_record(
        meeting=meeting,
        text="Synthetic: add a call-back option",
        actor=None,
        check=False,
        done_on=today - dt.timedelta(days=3),
        patients_told="Synthetic newsletter",
    )
