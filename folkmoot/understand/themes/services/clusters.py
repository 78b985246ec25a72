"""Group comments that no code fits, by similarity, so an analyst can name new codes.

TF-IDF over words and word pairs, then agglomerative clustering with cosine distance and average linkage,
cut at a distance threshold (so the number of groups follows the data). Groups of one are left out.
"""

from __future__ import annotations

import numpy as np
from django.db import transaction
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from folkmoot.core.models import AuditAction, Engagement, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..models import Cluster, ClusterStatus, Comment
from ..textcheck import classifiable

NO_FIT = {"not_assigned"}
MAX_COMMENTS = 3000
DISTANCE = 0.85


def unfitted_comments(*, engagement: Engagement) -> list[Comment]:
    """Comments of the engagement whose labels (reviewed, else the model's) are none or only 'not assigned'."""
    comments = Comment.objects.filter(engagement=engagement, latest_model__isnull=False).select_related(
        "latest_model", "latest_review"
    )
    return [c for c in comments if classifiable(c.flags) and not (set(c.labels) - NO_FIT)][:MAX_COMMENTS]


@transaction.atomic
def clusters_suggest(*, engagement: Engagement, actor: User | None, min_size: int = 2) -> list[Cluster]:
    """Replace the engagement's unnamed suggestions with a fresh grouping; named groups stay."""
    if actor is not None:
        require(actor, Perm.REVIEW_THEMES, engagement)
    Cluster.objects.filter(engagement=engagement, status=ClusterStatus.SUGGESTED).update(
        status=ClusterStatus.SUPERSEDED
    )
    comments = unfitted_comments(engagement=engagement)
    clusters: list[Cluster] = []
    if len(comments) >= max(2, min_size):
        vectoriser = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), min_df=1, sublinear_tf=True)
        try:
            matrix = vectoriser.fit_transform([c.text for c in comments])
        except ValueError:  # nothing but stop words
            matrix = None
        if matrix is not None:
            dense = matrix.toarray()
            keep = np.asarray(dense.sum(axis=1)).ravel() > 0
            ids = np.flatnonzero(keep)
            if len(ids) >= 2:
                model = AgglomerativeClustering(
                    n_clusters=None, metric="cosine", linkage="average", distance_threshold=DISTANCE
                )
                assignment = model.fit_predict(dense[ids])
                terms = np.array(vectoriser.get_feature_names_out())
                for group in np.unique(assignment):
                    members = ids[assignment == group]
                    if len(members) < min_size:
                        continue
                    centroid = dense[members].mean(axis=0)
                    key_terms = [str(t) for t in terms[np.argsort(centroid)[::-1][:4]] if t]
                    cluster = Cluster.objects.create(
                        organisation=engagement.organisation,
                        engagement=engagement,
                        key_terms=key_terms,
                        size=len(members),
                    )
                    cluster.comments.set([comments[i] for i in members])
                    clusters.append(cluster)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=engagement,
        summary=f"Grouped {len(comments)} comments no code fits into {len(clusters)} suggestions",
    )
    return clusters
