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
    assert for_carers and all(
        "carers" in m["reaches_well_tags"] and "involve" in m["levels"] for m in for_carers
    )


def test_suggestions_match_methods_and_register_partners_to_the_plans_target_groups(personas, register):
    plan = plan_services.plan_get_or_create(engagement=personas.engagement, actor=personas.lead)
    plan_services.plan_update(
        plan=plan, actor=personas.lead, changes={"audiences": [{"name": "Unpaid carers", "tags": ["carers"]}]}
    )
    (row,) = insight.suggestions(engagement=personas.engagement)
    assert row["group"] == "Unpaid carers" and row["methods"]
    assert all("carers" not in (m.get("reaches_badly_tags") or []) for m in row["methods"])
    assert {p.name for p in row["partners"]} == {
        "Synthetic Riverside Carers Group",
        "Synthetic Peer Researcher Ada",
    }


@pytest.mark.sqlite
def test_what_reached_whom_counts_only_closed_engagements(personas):
    result = insight.reached(organisation=personas.organisation)
    assert (
        result["engagements"]
        == Engagement.objects.filter(
            organisation=personas.organisation, status__in=["closed", "reported"]
        ).count()
        == 0
    )
    assert result["grid"] == {} and result["label"] == "Age"


def test_what_reached_whom_comes_from_a_closed_engagements_real_responses(personas):
    """30 online, 18 on paper and 12 at an event, answered through Listen; figures published under disclosure
    control (1-7 shown as "*", others rounded to 5)."""
    from folkmoot.core.services.engagements import engagement_transition
    from folkmoot.listen import services as listen

    survey = listen.survey_create(
        actor=None, engagement=personas.engagement, title="Urgent care", check_permission=False
    )
    listen.question_add(survey=survey, type="text", code="story", text="Tell us what happened")
    listen.survey_add_equality_block(survey=survey, keys=["sex"])
    listen.survey_set_status(actor=None, survey=survey, status="open", check_permission=False)
    plan = [
        ("online", "Female", 20),
        ("online", "Male", 10),
        ("paper", "Female", 15),
        ("paper", "Male", 3),
        ("event", "Male", 12),
    ]
    for channel, sex, n in plan:
        for _ in range(n):
            listen.response_record(
                survey=survey, answers={"story": "ok", "eq-sex": sex}, channel=channel, check_permission=False
            )
    assert insight.reached(organisation=personas.organisation)["engagements"] == 0  # still open: not counted
    engagement_transition(actor=None, engagement=personas.engagement, to="closed", check_permission=False)
    result = insight.reached(organisation=personas.organisation, characteristic="sex")
    assert result["engagements"] == 1 and result["label"] == "Sex"
    assert result["by_channel"] == {"online": 30, "paper": 20, "event": 10}
    grid = result["grid"]
    assert grid["paper"]["Male"] == "*"  # 3 people: never published as a number
    # The row total (20 on paper) is published, so paper's other cell is hidden too, and so on down the
    # columns: no row or column may have exactly one hidden non-zero cell.
    assert grid["paper"]["Female"] == "*"
    for line in [list(row.items()) for row in grid.values()] + [
        [(r, grid[r][c]) for r in grid] for c in ("Female", "Male")
    ]:
        assert sum(1 for _, v in line if v == "*") != 1
    assert grid["event"] == {"Male": 10, "Female": 0}  # 12 rounded to 5s
    assert all(v == "*" or v % 5 == 0 for row in grid.values() for v in row.values())
