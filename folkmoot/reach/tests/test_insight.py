import pytest

from folkmoot.core.models import Engagement
from folkmoot.plan import services as plan_services
from folkmoot.reach import insight


def test_catalogue_comes_from_the_plan_and_filters_by_channel_level_and_group():
    from folkmoot.plan.selectors import methods_catalogue

    assert len(insight.methods()) == len(methods_catalogue()) > 10
    online = insight.methods(channel="online")
    assert online and all(m["channel"] == "online" for m in online)
    for_carers = insight.methods(group="carers", level="involve")
    assert for_carers and all("carers" in m["reaches_well_tags"] and "involve" in m["levels"] for m in for_carers)


def test_suggestions_match_methods_and_register_partners_to_the_plans_target_groups(personas, register):
    plan = plan_services.plan_get_or_create(engagement=personas.engagement, actor=personas.lead)
    plan_services.plan_update(plan=plan, actor=personas.lead,
                              changes={"audiences": [{"name": "Unpaid carers", "tags": ["carers"]}]})
    (row,) = insight.suggestions(engagement=personas.engagement)
    assert row["group"] == "Unpaid carers" and row["methods"]
    assert all("carers" not in (m.get("reaches_badly_tags") or []) for m in row["methods"])
    assert {p.name for p in row["partners"]} == {"Synthetic Riverside Carers Group", "Synthetic Peer Researcher Ada"}


@pytest.mark.sqlite
def test_what_reached_whom_counts_only_closed_engagements(personas):
    result = insight.reached(organisation=personas.organisation)
    assert result["engagements"] == Engagement.objects.filter(
        organisation=personas.organisation, status__in=["closed", "reported"]).count() == 0
    assert result["grid"] == {} and result["label"] == "Age"
