"""Who may do what: the one place where roles become permissions.

Every view, API endpoint, command and selector asks here. A permission is a plain string; stage apps use
the names below rather than inventing checks of their own.

A user's role comes from their Membership of the organisation that owns the object. A partner role, or
membership of an organisation an engagement is shared with, gives partner rights on shared engagements
only.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Engagement, EngagementShare, Membership, Organisation, Role, User


class Perm(StrEnum):
    # Organisation-level
    VIEW_ORGANISATION = "view_organisation"
    MANAGE_MEMBERS = "manage_members"
    CREATE_ENGAGEMENT = "create_engagement"
    VIEW_AUDIT = "view_audit"
    RUN_JOBS = "run_jobs"
    CONFIGURE = "configure"  # disclosure control, codeframes, payment rates
    # Engagement-level
    VIEW_ENGAGEMENT = "view_engagement"
    CHANGE_ENGAGEMENT = "change_engagement"
    VIEW_RESULTS = "view_results"  # published figures, with small numbers suppressed
    VIEW_UNSUPPRESSED = "view_unsuppressed"  # raw counts, marked as such
    VIEW_EQUALITY_DATA = "view_equality_data"  # respondent-level special category data
    VIEW_CONTACT_DETAILS = "view_contact_details"
    ENTER_RESPONSES = "enter_responses"  # paper, phone and event data entry
    REVIEW_THEMES = "review_themes"
    RECORD_DECISIONS = "record_decisions"
    MANAGE_PARTNERS = "manage_partners"
    EXPORT_RESPONSES = "export_responses"


_VIEWER = {Perm.VIEW_ORGANISATION, Perm.VIEW_ENGAGEMENT, Perm.VIEW_RESULTS}
_PARTNER = {Perm.VIEW_ENGAGEMENT, Perm.VIEW_RESULTS, Perm.ENTER_RESPONSES}
_ANALYST = _VIEWER | {
    Perm.VIEW_UNSUPPRESSED,
    Perm.VIEW_EQUALITY_DATA,
    Perm.REVIEW_THEMES,
    Perm.RUN_JOBS,
    Perm.EXPORT_RESPONSES,
}
_LEAD = _VIEWER | {
    Perm.CREATE_ENGAGEMENT,
    Perm.CHANGE_ENGAGEMENT,
    Perm.VIEW_CONTACT_DETAILS,
    Perm.ENTER_RESPONSES,
    Perm.RECORD_DECISIONS,
    Perm.MANAGE_PARTNERS,
    Perm.RUN_JOBS,
    Perm.EXPORT_RESPONSES,
    Perm.REVIEW_THEMES,
}
_ADMIN = _LEAD | _ANALYST | {Perm.MANAGE_MEMBERS, Perm.VIEW_AUDIT, Perm.CONFIGURE}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.ADMIN: frozenset(_ADMIN),
    Role.LEAD: frozenset(_LEAD),
    Role.ANALYST: frozenset(_ANALYST),
    Role.PARTNER: frozenset(_PARTNER),
    Role.VIEWER: frozenset(_VIEWER),
}
PARTNER_PERMISSIONS = ROLE_PERMISSIONS[Role.PARTNER]
# Roles that see every engagement of their organisation; a partner sees only what is shared.
ORGANISATION_WIDE_ROLES = (Role.ADMIN, Role.LEAD, Role.ANALYST, Role.VIEWER)


def _is_signed_in(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def role_in(user: User | None, organisation: Organisation) -> str | None:
    if not _is_signed_in(user):
        return None
    cache = getattr(user, "_folkmoot_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._folkmoot_roles = cache  # type: ignore[union-attr]
    return cache.get(organisation.pk)


def organisation_permissions(user: User | None, organisation: Organisation) -> frozenset[Perm]:
    role = role_in(user, organisation)
    return ROLE_PERMISSIONS.get(role, frozenset()) if role else frozenset()


def is_shared_with(user: User, engagement: Engagement) -> bool:
    return EngagementShare.objects.filter(engagement=engagement).filter(shared_with_q(user)).exists()


def shared_with_q(user: User, prefix: str = "") -> Q:
    """Q over EngagementShare (or, with prefix="shares__", over Engagement) for shares reaching user."""
    partner_orgs = Membership.objects.filter(user=user).values("organisation_id")
    return Q(**{f"{prefix}user": user}) | Q(**{f"{prefix}organisation_id__in": partner_orgs})


def engagement_permissions(user: User | None, engagement: Engagement) -> frozenset[Perm]:
    if not _is_signed_in(user):
        return frozenset()
    role = role_in(user, engagement.organisation)
    if role in ORGANISATION_WIDE_ROLES:
        return ROLE_PERMISSIONS[role]
    if is_shared_with(user, engagement):  # type: ignore[arg-type]
        return PARTNER_PERMISSIONS
    return frozenset()


def permissions_for(user: User | None, obj: Organisation | Engagement) -> frozenset[Perm]:
    if isinstance(obj, Engagement):
        return engagement_permissions(user, obj)
    if isinstance(obj, Organisation):
        return organisation_permissions(user, obj)
    engagement = getattr(obj, "engagement", None)
    if isinstance(engagement, Engagement):
        return engagement_permissions(user, engagement)
    organisation = getattr(obj, "organisation", None)
    if isinstance(organisation, Organisation):
        return organisation_permissions(user, organisation)
    raise TypeError(f"No permission rule for {type(obj).__name__}")


def has_perm(user: User | None, perm: Perm, obj) -> bool:
    return perm in permissions_for(user, obj)


def require(user: User | None, perm: Perm, obj) -> None:
    """Raise PermissionDenied unless the user holds perm on obj (an organisation, engagement or child)."""
    if not has_perm(user, perm, obj):
        raise PermissionDenied(f"You do not have permission to {perm.replace('_', ' ')}.")


def organisations_where(user: User | None, perm: Perm) -> list[int]:
    """Primary keys of organisations where the user's role grants perm."""
    if not _is_signed_in(user):
        return []
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]
    return list(
        Membership.objects.filter(user=user, role__in=roles).values_list("organisation_id", flat=True)
    )


def roles_with(perm: Perm) -> Iterable[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]
