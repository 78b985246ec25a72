"""Reads for Learn. `evaluation_summary` is the cross-stage contract (docs/contracts.md)."""

from __future__ import annotations

from collections import Counter

from django.db.models import QuerySet

from folkmoot.core.models import Engagement

from .models import Evaluation, EvidencePack, Rating, Reflection


def _protect(counts: dict[str, int], organisation) -> dict[str, str | int]:
    from folkmoot.understand.disclosure import protect

    return protect(counts, organisation=organisation)


def _protect_total(total: int, organisation) -> str | int:
    from folkmoot.understand.disclosure import protect_total

    return protect_total(total, organisation=organisation)


def evaluations_for(*, engagement: Engagement) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(engagement=engagement)


def reflections_for(*, engagement: Engagement) -> QuerySet[Reflection]:
    return Reflection.objects.filter(engagement=engagement).select_related("author")


def evaluation_summary(*, engagement: Engagement) -> dict:
    """Contract: participants' answers as published counts ("*" for 1-7, others rounded) and staff reflections.

    `participant["n"]` is the protected number of evaluations; each question maps every rating label
    ("Yes", "Partly", "No") to its protected count. Comments are not included: they are free text that
    may identify someone and are shown only to staff on the engagement page.
    """
    organisation = engagement.organisation
    rows = list(evaluations_for(engagement=engagement).values_list("easy_to_take_part", "felt_listened_to"))
    easy = Counter(r[0] for r in rows)
    listened = Counter(r[1] for r in rows)
    labels = dict(Rating.choices)
    return {
        "participant": {
            "n": _protect_total(len(rows), organisation),
            "easy_to_take_part": _protect({labels[v]: easy.get(v, 0) for v in Rating.values}, organisation),
            "felt_listened_to": _protect(
                {labels[v]: listened.get(v, 0) for v in Rating.values}, organisation
            ),
        },
        "staff": [
            {
                "what_worked": r.what_worked,
                "what_to_change": r.what_to_change,
                "who_we_missed": r.who_we_missed,
                "author": (r.author.display_name or r.author.get_full_name() or r.author.username)
                if r.author
                else "",
                "created_at": r.created_at,
            }
            for r in reflections_for(engagement=engagement)
        ],
    }


def evaluation_comments(*, engagement: Engagement) -> list[str]:
    return [c for c in evaluations_for(engagement=engagement).values_list("comment", flat=True) if c]


def evidence_pack_latest(*, engagement: Engagement, user) -> EvidencePack | None:
    return EvidencePack.objects.filter(engagement=engagement, requested_by=user).first()
