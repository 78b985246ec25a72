import pytest

from folkmoot.plan import services

from .plans import strong


@pytest.fixture
def plan(personas):
    """The persona engagement with the strong plan."""
    p = services.plan_get_or_create(engagement=personas.engagement, actor=personas.lead)
    return services.plan_update(plan=p, actor=personas.lead, changes=strong(), replace=True)
