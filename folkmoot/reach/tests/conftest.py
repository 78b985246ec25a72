import datetime as dt

import pytest

from folkmoot.reach import services


def add(personas, name, **extra):
    values = {"kind": "organisation", "category": "vcse", "name": name, **extra}
    return services.stakeholder_create(organisation=personas.organisation, actor=personas.lead, **values)


@pytest.fixture
def register(personas):
    """Three register entries: a VCSE group, a faith leader and a peer researcher."""
    return {
        "group": add(
            personas,
            "Synthetic Riverside Carers Group",
            email="carers@example.org",
            communities=["Carers", "Older people"],
            languages=["en", "pa"],
        ),
        "faith": add(
            personas,
            "Synthetic Imam Test",
            kind="individual",
            category="faith_leader",
            communities=["Muslim community"],
            areas=["Leicester"],
        ),
        "peer": add(
            personas,
            "Synthetic Peer Researcher Ada",
            kind="individual",
            category="peer_researcher",
            email="ada@example.org",
            communities=["Carers"],
        ),
    }


@pytest.fixture
def agreement(personas, register):
    return services.agreement_create(
        engagement=personas.engagement,
        partner=register["group"],
        deliverables="Two listening events in Punjabi",
        fee="600",
        agreed_on=dt.date(2026, 1, 10),
        actor=personas.lead,
    )
