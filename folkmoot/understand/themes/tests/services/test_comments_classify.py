import pytest

from folkmoot.core.models import AuditEvent
from folkmoot.understand.themes.models import Comment, ModelAssignment
from folkmoot.understand.themes.services import comment_create, comments_classify, feedback_classify

pytestmark = pytest.mark.django_db


def _comments(personas, texts, engagement=True):
    return [
        comment_create(
            organisation=personas.organisation,
            engagement=personas.engagement if engagement else None,
            text=t,
            question_type="improve",
        )
        for t in texts
    ]


@pytest.mark.sqlite
def test_classify_labels_every_comment_and_marks_bad_input(personas, classifier):
    _comments(
        personas,
        [
            "The ambulance took hours to arrive",
            "Lovely kind staff, thank you",
            "",
            "   ",
            "🙂🙂",
            "z" * 100_000,
            "Le personnel était très gentil avec moi",
        ],
    )
    steps = []
    result = comments_classify(
        engagement=personas.engagement, actor=personas.analyst, progress=lambda **kw: steps.append(kw)
    )
    assert result["comments"] == 7
    assert result["classified"] == 4  # the empty, whitespace and emoji comments have nothing to read
    assert result["flagged"] == {
        "empty": 1,
        "whitespace_only": 1,
        "no_letters": 1,
        "too_long": 1,
        "non_english": 1,
    }
    assert steps[0]["total"] == 7 and steps[-1]["done"] == 7
    kind = Comment.objects.get(text="Lovely kind staff, thank you")
    assert kind.latest_model.labels and kind.latest_model.sentiment in range(1, 6)
    assert kind.latest_model.model_version == classifier.model_version or kind.latest_model.model_version
    assert Comment.objects.get(text="").latest_model.labels == []
    assert AuditEvent.objects.filter(
        object_id=str(personas.engagement.pk), summary__startswith="Classified"
    ).exists()


def test_a_second_run_adds_model_rows_and_never_overwrites_the_first(personas, classifier):
    (comment,) = _comments(personas, ["Waited four hours in A&E"])
    comments_classify(engagement=personas.engagement, actor=None)
    first = Comment.objects.get(pk=comment.pk).latest_model_id
    comments_classify(engagement=personas.engagement, actor=None)
    assert ModelAssignment.objects.filter(comment=comment).count() == 2
    assert ModelAssignment.objects.filter(pk=first).exists()
    assert Comment.objects.get(pk=comment.pk).latest_model_id != first


def test_feedback_outside_engagements_is_classified_once(personas, classifier):
    _comments(personas, ["Parking is awful", "Great nurses"], engagement=False)
    assert feedback_classify(organisation=personas.organisation, actor=None)["comments"] == 2
    assert feedback_classify(organisation=personas.organisation, actor=None)["comments"] == 0


def test_comment_cannot_belong_to_another_organisations_engagement(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        comment_create(organisation=personas.other_organisation, engagement=personas.engagement, text="hi")


@pytest.mark.sqlite
def test_model_rows_are_stored_exactly_whatever_characters_they_hold(personas):
    from folkmoot.understand.themes.services.classify import _store_assignments

    comments = _comments(personas, ["one", "two"])
    hostile = ModelAssignment(
        comment=comments[0],
        model_version='v1\t"quoted"\\ back\nslash\r',
        labels=["tab\there", "back\\slash", 'quote"d', "ünïcode ✓"],
        scores={"a\tb": 0.5, "new\nline": 0.25},
        sentiment=None,
        sentiment_scores={"1": 0.1},
        flags=["\\N"],
    )
    plain = ModelAssignment(comment=comments[1], model_version="v1", labels=[], sentiment=5)
    _store_assignments([hostile, plain])
    got = ModelAssignment.objects.get(pk=hostile.pk)
    assert (got.model_version, got.labels, got.scores, got.sentiment, got.flags) == (
        hostile.model_version,
        hostile.labels,
        hostile.scores,
        None,
        ["\\N"],
    )
    assert ModelAssignment.objects.get(pk=plain.pk).sentiment == 5
    assert got.created_at is not None
