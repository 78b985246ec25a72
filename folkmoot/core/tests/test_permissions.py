"""Who may do what, told as stories with the personas."""

import pytest

from folkmoot.core import selectors
from folkmoot.core.permissions import Perm, has_perm

pytestmark = pytest.mark.django_db


def test_lead_can_change_their_organisations_engagements(personas):
    assert has_perm(personas.lead, Perm.CHANGE_ENGAGEMENT, personas.engagement)
    assert has_perm(personas.lead, Perm.CREATE_ENGAGEMENT, personas.organisation)


def test_viewer_can_read_but_not_change(personas):
    assert has_perm(personas.viewer, Perm.VIEW_ENGAGEMENT, personas.private_engagement)
    assert not has_perm(personas.viewer, Perm.CHANGE_ENGAGEMENT, personas.engagement)
    assert not has_perm(personas.viewer, Perm.VIEW_CONTACT_DETAILS, personas.engagement)


def test_partner_sees_only_engagements_shared_with_their_group(personas):
    visible = set(selectors.engagements_visible_to(user=personas.partner))
    assert visible == {personas.engagement}
    assert has_perm(personas.partner, Perm.ENTER_RESPONSES, personas.engagement)
    assert not has_perm(personas.partner, Perm.VIEW_ENGAGEMENT, personas.private_engagement)


def test_partner_cannot_see_raw_equality_data_or_contacts(personas):
    assert not has_perm(personas.partner, Perm.VIEW_EQUALITY_DATA, personas.engagement)
    assert not has_perm(personas.partner, Perm.VIEW_CONTACT_DETAILS, personas.engagement)
    assert not has_perm(personas.partner, Perm.VIEW_UNSUPPRESSED, personas.engagement)


def test_analyst_sees_unsuppressed_figures_but_not_contact_details(personas):
    assert has_perm(personas.analyst, Perm.VIEW_UNSUPPRESSED, personas.engagement)
    assert has_perm(personas.analyst, Perm.VIEW_EQUALITY_DATA, personas.engagement)
    assert not has_perm(personas.analyst, Perm.VIEW_CONTACT_DETAILS, personas.engagement)


def test_outsider_from_another_organisation_sees_nothing(personas):
    assert list(selectors.engagements_visible_to(user=personas.outsider)) == []
    assert not has_perm(personas.outsider, Perm.VIEW_ENGAGEMENT, personas.engagement)


def test_member_of_the_public_has_no_staff_permissions(personas):
    assert list(selectors.engagements_visible_to(user=personas.public)) == []
    for perm in Perm:
        assert not has_perm(personas.public, perm, personas.engagement)


def test_only_admin_manages_members_and_reads_the_audit_log(personas):
    assert has_perm(personas.admin, Perm.MANAGE_MEMBERS, personas.organisation)
    assert has_perm(personas.admin, Perm.VIEW_AUDIT, personas.organisation)
    for user in (personas.lead, personas.analyst, personas.viewer, personas.partner):
        assert not has_perm(user, Perm.MANAGE_MEMBERS, personas.organisation)
        assert not has_perm(user, Perm.VIEW_AUDIT, personas.organisation)


def test_engagement_get_hides_engagements_the_user_may_not_see(personas):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.engagement_get(user=personas.partner, engagement_id=personas.private_engagement.pk)
    assert (
        selectors.engagement_get(user=personas.partner, engagement_id=personas.engagement.pk)
        == personas.engagement
    )
