"""Writes for understand.themes. Views, commands, jobs and tests call these functions."""

from .classify import (
    comment_create,
    comments_classify,
    comments_sync_from_listen,
    feedback_classify,
    framework_labels,
    load_classifier,
)
from .clusters import clusters_suggest, unfitted_comments
from .digest import alerts_check, digest_build, digest_send
from .imports import comments_import_csv
from .review import (
    alert_acknowledge,
    cluster_dismiss,
    cluster_name,
    code_create,
    comment_review,
    themes_export,
    valid_codes,
)

__all__ = [
    "alert_acknowledge",
    "alerts_check",
    "cluster_dismiss",
    "cluster_name",
    "code_create",
    "comment_create",
    "comment_review",
    "comments_classify",
    "comments_import_csv",
    "comments_sync_from_listen",
    "clusters_suggest",
    "digest_build",
    "digest_send",
    "feedback_classify",
    "framework_labels",
    "load_classifier",
    "themes_export",
    "unfitted_comments",
    "valid_codes",
]
