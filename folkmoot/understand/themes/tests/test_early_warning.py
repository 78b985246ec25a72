import datetime as dt

import pytest

from folkmoot.understand.themes import early_warning
from folkmoot.understand.themes.models import Alert

from .factories import ModelLabelledCommentFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 21)


def _week(personas, when, weeks_ago, counts):
    for code, n in counts.items():
        for i in range(n):
            ModelLabelledCommentFactory(
                organisation=personas.organisation,
                engagement=None,
                received_at=when(days_ago=weeks_ago * 7 + i % 6),
                labels=[code],
            )


@pytest.mark.sqlite
def test_a_theme_whose_share_jumps_raises_one_alert(personas, when):
    for week in range(1, 13):
        _week(personas, when, week, {"staff_manner": 6, "timeliness": 2})
    _week(personas, when, 0, {"staff_manner": 6, "timeliness": 12})
    created = early_warning.alerts_raise(organisation=personas.organisation, as_of=AS_OF)
    assert [a.code for a in created] == ["timeliness"]
    alert = created[0]
    assert alert.observed == 12 and alert.q_value < 0.05 and alert.expected == pytest.approx(18 * 24 / 96)
    assert early_warning.alerts_raise(organisation=personas.organisation, as_of=AS_OF) == []
    assert Alert.objects.count() == 1


def test_more_comments_overall_do_not_raise_an_alert(personas, when):
    for week in range(1, 13):
        _week(personas, when, week, {"staff_manner": 4, "timeliness": 2})
    _week(personas, when, 0, {"staff_manner": 12, "timeliness": 6})  # three times the volume, same mix
    rows = early_warning.detect(organisation=personas.organisation, as_of=AS_OF)
    assert rows and not any(r["rising"] for r in rows)


def test_a_few_comments_of_a_new_theme_are_not_enough(personas, when):
    for week in range(1, 13):
        _week(personas, when, week, {"staff_manner": 5})
    _week(personas, when, 0, {"staff_manner": 5, "parking": 2})
    assert early_warning.alerts_raise(organisation=personas.organisation, as_of=AS_OF) == []
