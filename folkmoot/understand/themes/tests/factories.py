"""Factories for understand.themes, with named variants."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from folkmoot.understand.themes.models import Comment, ModelAssignment, ReviewAssignment


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment
        skip_postgeneration_save = True

    text = factory.Sequence(lambda n: f"The staff were kind and helpful, visit {n}.")
    received_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3))
    source = "imported"


class ModelLabelledCommentFactory(CommentFactory):
    """A comment the model has labelled (labels given as `labels=[...]`)."""

    @factory.post_generation
    def labels(obj, create, extracted, **kwargs):
        row = ModelAssignment.objects.create(
            comment=obj,
            model_version="factory",
            labels=list(extracted or ["staff_manner"]),
            scores={c: 0.9 for c in (extracted or ["staff_manner"])},
            sentiment=kwargs.get("sentiment", 2),
        )
        Comment.objects.filter(pk=obj.pk).update(latest_model=row)
        obj.latest_model = row


class ReviewedCommentFactory(ModelLabelledCommentFactory):
    """A model-labelled comment an analyst relabelled (codes given as `reviewed=[...]`)."""

    @factory.post_generation
    def reviewed(obj, create, extracted, **kwargs):
        review = ReviewAssignment.objects.create(
            comment=obj, action="relabel", codes=list(extracted or ["timeliness"]), sentiment=4
        )
        Comment.objects.filter(pk=obj.pk).update(latest_review=review)
        obj.latest_review = review
