"""Factories for the core model. Stage apps keep theirs in their own tests/factories.py."""

from __future__ import annotations

import factory

from folkmoot.core.models import Engagement, Membership, Organisation, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    slug = factory.Sequence(lambda n: f"test-organisation-{n}")
    type = "icb"
    area_codes = factory.LazyFunction(lambda: ["E06000016"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Engagement {n}")
    slug = factory.Sequence(lambda n: f"engagement-{n}")
    status = "draft"


class OpenEngagementFactory(EngagementFactory):
    status = "open"


def membership(user: User, organisation: Organisation, role: str) -> Membership:
    created = Membership.objects.create(user=user, organisation=organisation, role=role)
    # As membership_set does: the user's cached roles (folkmoot.core.permissions.role_in) are now stale.
    if hasattr(user, "_folkmoot_roles"):
        del user._folkmoot_roles
    return created
