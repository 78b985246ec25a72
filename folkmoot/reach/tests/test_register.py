import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from folkmoot.core.models import AuditEvent
from folkmoot.reach import selectors, services
from folkmoot.reach.models import Stakeholder

from .conftest import add

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite
def test_same_email_is_flagged_as_possible_duplicate_not_refused(personas, register):
    again = add(personas, "Riverside carers (second entry)", email="CARERS@example.org")
    assert again.possible_duplicate_of == register["group"]
    assert "Same email" in again.duplicate_reason
    assert Stakeholder.objects.filter(organisation=personas.organisation).count() == 4


def test_very_similar_name_is_flagged(personas, register):
    again = add(personas, "Synthetic Riverside Carer Group")
    assert again.possible_duplicate_of == register["group"]
    assert "similar" in again.duplicate_reason


def test_different_names_and_emails_are_not_flagged(personas, register):
    other = add(personas, "Synthetic Deaf Community Hub", email="hub@example.org")
    assert other.possible_duplicate_of is None


def test_viewer_and_partner_cannot_add_to_register(personas):
    for user in (personas.viewer, personas.partner, personas.outsider):
        with pytest.raises(PermissionDenied):
            services.stakeholder_create(
                organisation=personas.organisation,
                actor=user,
                kind="individual",
                category="councillor",
                name="X",
            )


def test_bad_entry_gets_plain_messages(personas):
    with pytest.raises(ValidationError) as exc:
        services.stakeholder_create(
            organisation=personas.organisation,
            actor=personas.lead,
            kind="robot",
            category="nope",
            name=" ",
            email="not-an-email",
        )
    assert set(exc.value.message_dict) == {"name", "kind", "category", "email"}
    assert Stakeholder.objects.count() == 0


def test_adding_and_viewing_a_stakeholder_is_audited_as_personal_data(personas, register):
    assert AuditEvent.objects.filter(
        object_id=str(register["peer"].pk), action="create", personal_data=True
    ).exists()
    selectors.stakeholder_get(user=personas.lead, stakeholder_id=register["peer"].pk)
    assert AuditEvent.objects.filter(
        object_id=str(register["peer"].pk), action="view", actor=personas.lead
    ).exists()


def test_viewer_cannot_open_a_stakeholders_details(personas, register):
    with pytest.raises(PermissionDenied):
        selectors.stakeholder_get(user=personas.viewer, stakeholder_id=register["peer"].pk)


def test_list_filters_by_community_language_category_and_duplicates(personas, register):
    org = personas.organisation
    lead = personas.lead
    names = lambda rows: {s.name for s in rows}  # noqa: E731
    assert names(selectors.stakeholders_for(user=lead, organisation=org, community="carers")) == {
        "Synthetic Riverside Carers Group",
        "Synthetic Peer Researcher Ada",
    }
    assert names(selectors.stakeholders_for(user=lead, organisation=org, language="pa")) == {
        "Synthetic Riverside Carers Group"
    }
    assert names(selectors.stakeholders_for(user=lead, organisation=org, category="faith_leader")) == {
        "Synthetic Imam Test"
    }
    add(personas, "Synthetic Imam Tests", kind="individual", category="faith_leader")
    assert names(selectors.stakeholders_for(user=lead, organisation=org, duplicates_only=True)) == {
        "Synthetic Imam Tests"
    }


def test_marking_not_a_duplicate_clears_the_flag(personas, register):
    again = add(personas, "Synthetic Imam Tests", kind="individual", category="faith_leader")
    services.stakeholder_update(stakeholder=again, actor=personas.lead, not_duplicate=True)
    again.refresh_from_db()
    assert again.possible_duplicate_of is None
