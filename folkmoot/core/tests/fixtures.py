"""Personas every permission test uses: the story is always told with the same people.

- lead: engagement lead at the Shire ICB
- analyst, admin, viewer: other roles at the ICB
- partner: member of a VCSE group, with an engagement shared with that group
- outsider: signed in, but belongs to another organisation
- public: not signed in (AnonymousUser)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from folkmoot.core.models import Engagement, Organisation, Role, User

from .factories import EngagementFactory, OrganisationFactory, UserFactory, membership


@dataclass
class Personas:
    organisation: Organisation
    vcse: Organisation
    other_organisation: Organisation
    lead: User
    analyst: User
    admin: User
    viewer: User
    partner: User
    outsider: User
    public: AnonymousUser
    engagement: Engagement  # open, shared with the VCSE group
    private_engagement: Engagement  # open, not shared


@pytest.fixture
def personas(db) -> Personas:
    organisation = OrganisationFactory(
        name="Test Shire ICB", slug="test-shire-icb", type="icb", area_codes=["E06000016"]
    )
    vcse = OrganisationFactory(name="Test Community Group", slug="test-community-group", type="vcse")
    other = OrganisationFactory(name="Elsewhere Trust", slug="elsewhere-trust", type="nhs_trust")
    users = {}
    for name, org, role in [
        ("lead", organisation, Role.LEAD),
        ("analyst", organisation, Role.ANALYST),
        ("admin", organisation, Role.ADMIN),
        ("viewer", organisation, Role.VIEWER),
        ("partner", vcse, Role.PARTNER),
        ("outsider", other, Role.LEAD),
    ]:
        users[name] = UserFactory(username=name, display_name=f"Test {name}")
        membership(users[name], org, role)
    engagement = EngagementFactory(
        organisation=organisation,
        lead=users["lead"],
        title="Urgent care survey",
        status="open",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 3, 1),
    )
    engagement.shares.create(organisation=vcse)
    private = EngagementFactory(
        organisation=organisation, lead=users["lead"], title="Board paper", status="open"
    )
    return Personas(
        organisation=organisation,
        vcse=vcse,
        other_organisation=other,
        public=AnonymousUser(),
        engagement=engagement,
        private_engagement=private,
        **users,
    )
