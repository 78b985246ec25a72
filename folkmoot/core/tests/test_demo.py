import pytest

from folkmoot.core.demo import DEMO_PASSWORD, load_core_demo
from folkmoot.core.models import Engagement, EngagementStatus, Membership, Organisation, Role


@pytest.mark.sqlite
@pytest.mark.django_db
def test_core_demo_has_an_icb_two_members_every_role_and_every_status():
    context = load_core_demo()
    icb = Organisation.objects.get(slug="synthetic-shire-icb")
    assert icb.type == "icb"
    assert set(Organisation.objects.filter(parent=icb).values_list("type", flat=True)) == {
        "nhs_trust",
        "gp_practice",
    }
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(Engagement.objects.filter(organisation=icb).values_list("status", flat=True)) == set(
        EngagementStatus.values
    )
    for organisation in Organisation.objects.all():
        assert organisation.is_synthetic and "synthetic" in organisation.name.lower()
    for user in context.users.values():
        assert "Synthetic" in user.display_name
        assert user.check_password(DEMO_PASSWORD)
