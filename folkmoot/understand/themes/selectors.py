"""Reads for understand.themes, limited to what the user may see. Reviewed labels override the model's."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.http import Http404

from folkmoot.core.models import Engagement, Organisation, User
from folkmoot.core.permissions import Perm, has_perm, require

from .models import Alert, AlertStatus, Cluster, ClusterStatus, Code, Comment, ReviewAssignment
from .redact import redact
from .services.classify import framework_labels
from .textcheck import classifiable

SENTIMENTS = {1: "Very positive", 2: "Positive", 3: "Neutral or mixed", 4: "Negative", 5: "Very negative"}
QUOTES_PER_THEME = 3
ATTRIBUTION = (
    "Themes follow the NHS England patient experience framework (pxtextmining, The Strategy Unit, MIT "
    "licence); the model learnt from public NHS patient feedback published there (copyright NHS England)."
)


def protect(counts: dict[str, int], *, organisation: Organisation, unsuppressed: bool = False) -> dict:
    """Disclosure control: Understand's when it exists, else counts 1 to suppress_below-1 hidden and the
    rest rounded to the organisation's round_to. Hidden counts become "*" (equality-monitoring.md section 6)."""
    try:
        from folkmoot.understand.disclosure import protect as understand_protect
    except ImportError:
        understand_protect = None
    if understand_protect is not None:
        return understand_protect(counts, organisation=organisation, unsuppressed=unsuppressed)
    if unsuppressed:
        return dict(counts)
    out: dict[str, str | int] = {}
    for key, n in counts.items():
        if 0 < n < organisation.suppress_below:
            out[key] = "*"
        else:
            out[key] = int(organisation.round_to * round(n / organisation.round_to))
    return out


def code_labels(*, organisation: Organisation) -> dict[str, dict]:
    """code -> {"label", "category", "local"} for the framework and the organisation's own codes."""
    labels = {
        code: {"label": lab, "category": cat, "local": False}
        for code, (lab, cat) in framework_labels().items()
    }
    for code in Code.objects.filter(organisation=organisation):
        labels[code.code] = {"label": code.label, "category": code.category, "local": True}
    return labels


def _comments(engagement: Engagement) -> QuerySet[Comment]:
    return Comment.objects.filter(engagement=engagement).select_related("latest_model", "latest_review")


def theme_rows(*, engagement: Engagement, user: User) -> dict:
    """Raw counts for analysts (Perm.REVIEW_THEMES): per theme count, month trend, sentiment, quotes."""
    require(user, Perm.REVIEW_THEMES, engagement)
    comments = list(_comments(engagement))
    return _aggregate(engagement, comments)


def _score(comment: Comment, code: str) -> float:
    score = (comment.latest_model.scores or {}).get(code, 0.0) if comment.latest_model_id else 0.0
    return score + (1.0 if comment.is_reviewed else 0.0)


def _aggregate(engagement: Engagement, comments: list[Comment]) -> dict:
    labels = code_labels(organisation=engagement.organisation)
    counts: Counter[str] = Counter()
    trend: dict[str, Counter[str]] = defaultdict(Counter)
    sentiment: dict[str, Counter[int]] = defaultdict(Counter)
    members: dict[str, list[Comment]] = defaultdict(list)
    flagged: Counter[str] = Counter()
    classified = reviewed = 0
    for comment in comments:
        for flag in comment.flags:
            flagged[flag] += 1
        if comment.latest_model_id or comment.latest_review_id:
            classified += 1
        reviewed += comment.is_reviewed
        for code in comment.labels:
            counts[code] += 1
            trend[code][comment.received_at.strftime("%Y-%m")] += 1
            if comment.sentiment:
                sentiment[code][comment.sentiment] += 1
            members[code].append(comment)
    themes = []
    for code, n in counts.most_common():
        info = labels.get(
            code, {"label": code.replace("_", " ").capitalize(), "category": "", "local": False}
        )
        best = sorted(members[code], key=lambda c: (-_score(c, code), len(c.text)))
        themes.append(
            {
                "code": code,
                "label": info["label"],
                "category": info["category"],
                "local": info["local"],
                "count": n,
                "reviewed": sum(1 for c in members[code] if c.is_reviewed),
                "trend": dict(sorted(trend[code].items())),
                "sentiment": {str(k): sentiment[code].get(k, 0) for k in SENTIMENTS},
                "comments": best,
            }
        )
    return {
        "themes": themes,
        "total": len(comments),
        "classified": classified,
        "reviewed": reviewed,
        "flagged": dict(flagged),
    }


def quotes_for(comments: list[Comment]) -> list[str]:
    quotes = []
    for comment in comments:
        if not classifiable(comment.flags) or len(comment.text) > 600:
            continue
        quotes.append(redact(comment.text.strip()).text)
        if len(quotes) == QUOTES_PER_THEME:
            break
    return quotes


def _three_point(five: dict[str, int]) -> dict[str, int]:
    return {
        "positive": five["1"] + five["2"],
        "neutral_or_mixed": five["3"],
        "negative": five["4"] + five["5"],
    }


def theme_summary(*, engagement: Engagement, user: User) -> list[dict]:
    """Per theme `{"code", "label", "count", "sentiment": {...}, "quotes": [redacted str]}` for results.

    Counts follow disclosure control unless the user holds Perm.VIEW_UNSUPPRESSED; a theme whose count is
    hidden shows no quotes. Quotes are redacted; reviewed labels override the model's.
    Sentiment is counted on three points (positive, neutral_or_mixed, negative) under the same control.
    """
    return _summary(
        engagement=engagement, user=user, unsuppressed=has_perm(user, Perm.VIEW_UNSUPPRESSED, engagement)
    )


def public_theme_summary(*, engagement: Engagement, user: User) -> list[dict]:
    """theme_summary as it may be published: suppressed even for users who may see raw counts."""
    return _summary(engagement=engagement, user=user, unsuppressed=False)


def _summary(*, engagement: Engagement, user: User, unsuppressed: bool) -> list[dict]:
    require(user, Perm.VIEW_RESULTS, engagement)
    data = _aggregate(engagement, list(_comments(engagement)))
    organisation = engagement.organisation
    out = []
    for theme in data["themes"]:
        count = protect({"n": theme["count"]}, organisation=organisation, unsuppressed=unsuppressed)["n"]
        hidden = isinstance(count, str)
        out.append(
            {
                "code": theme["code"],
                "label": theme["label"],
                "category": theme["category"],
                "count": count,
                "unsuppressed": unsuppressed,
                "sentiment": protect(
                    _three_point(theme["sentiment"]), organisation=organisation, unsuppressed=unsuppressed
                ),
                "quotes": [] if hidden else quotes_for(theme["comments"]),
            }
        )
    return out


def reviewed_labels(*, organisation: Organisation) -> Iterator[tuple[str, list[str], int | None]]:
    """(text, [codes], sentiment or None) for every comment of the organisation an analyst has reviewed:
    the training data for `folkmoot themes train --include-reviewed`."""
    comments = (
        Comment.objects.filter(organisation=organisation, latest_review__isnull=False)
        .select_related("latest_review")
        .order_by("received_at", "id")
    )
    for comment in comments.iterator(chunk_size=1000):
        if classifiable(comment.flags):
            yield comment.text, list(comment.latest_review.codes), comment.latest_review.sentiment


def comments_for_theme(*, engagement: Engagement, user: User, code: str) -> list[Comment]:
    require(user, Perm.REVIEW_THEMES, engagement)
    return [c for c in _comments(engagement) if code in c.labels]


def comments_for_review(
    *, engagement: Engagement, user: User, flag: str = "", unreviewed: bool = False
) -> QuerySet[Comment]:
    require(user, Perm.REVIEW_THEMES, engagement)
    comments = _comments(engagement).order_by("-received_at", "id")
    if unreviewed:
        comments = comments.filter(latest_review__isnull=True)
    return comments


def comment_get(*, user: User, comment_id) -> Comment:
    comment = (
        Comment.objects.select_related(
            "latest_model", "latest_review", "engagement__organisation", "organisation"
        )
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or not has_perm(user, Perm.REVIEW_THEMES, comment.engagement or comment.organisation):
        raise Http404("No such comment")
    return comment


def review_history(*, comment: Comment) -> QuerySet[ReviewAssignment]:
    return comment.reviews.select_related("reviewer").order_by("-created_at")


def codes_for(*, user: User, organisation: Organisation) -> QuerySet[Code]:
    require(user, Perm.REVIEW_THEMES, organisation)
    return Code.objects.filter(organisation=organisation)


def clusters_for(*, user: User, engagement: Engagement) -> QuerySet[Cluster]:
    require(user, Perm.REVIEW_THEMES, engagement)
    return Cluster.objects.filter(
        engagement=engagement, status__in=[ClusterStatus.SUGGESTED, ClusterStatus.NAMED]
    ).prefetch_related("comments")


def cluster_get(*, user: User, cluster_id) -> Cluster:
    cluster = (
        Cluster.objects.select_related("engagement__organisation", "organisation")
        .filter(pk=cluster_id)
        .first()
    )
    if cluster is None or not has_perm(user, Perm.REVIEW_THEMES, cluster.engagement or cluster.organisation):
        raise Http404("No such group")
    return cluster


def alerts_for(*, user: User, organisation: Organisation, open_only: bool = True) -> QuerySet[Alert]:
    """Early-warning alerts: theme names and counts only, no comment text, so viewers may see them."""
    require(user, Perm.VIEW_RESULTS, organisation)
    alerts = Alert.objects.filter(organisation=organisation)
    return alerts.filter(status=AlertStatus.OPEN) if open_only else alerts


def alert_get(*, user: User, alert_id) -> Alert:
    alert = Alert.objects.select_related("organisation").filter(pk=alert_id).first()
    if alert is None or not has_perm(user, Perm.REVIEW_THEMES, alert.organisation):
        raise Http404("No such alert")
    return alert


def engagement_comment_counts(*, engagement: Engagement) -> dict[str, int]:
    comments = Comment.objects.filter(engagement=engagement)
    return {
        "comments": comments.count(),
        "classified": comments.filter(latest_model__isnull=False).count(),
        "reviewed": comments.filter(latest_review__isnull=False).count(),
    }


def flag_labels(flags: Iterable[str]) -> list[str]:
    from .models import Flag

    return [Flag(f).label if f in Flag.values else f for f in flags]
