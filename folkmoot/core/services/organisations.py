from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from ..models import AuditAction, Membership, Organisation, OrganisationType, Role, User
from .audit import audit_record


@transaction.atomic
def organisation_create(
    *,
    name: str,
    type: OrganisationType | str,
    slug: str | None = None,
    ods_code: str = "",
    area_codes: list[str] | None = None,
    parent: Organisation | None = None,
    description: str = "",
    is_synthetic: bool = False,
    actor: User | None = None,
) -> Organisation:
    organisation = Organisation(
        name=name,
        slug=slug or slugify(name)[:80],
        type=type,
        ods_code=ods_code,
        area_codes=list(area_codes or []),
        parent=parent,
        description=description,
        is_synthetic=is_synthetic,
    )
    organisation.full_clean()
    organisation.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=organisation, summary=f"Created {name}")
    return organisation


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    email: str = "",
    display_name: str = "",
    is_staff: bool = False,
) -> User:
    user = User(username=username, email=email, display_name=display_name, is_staff=is_staff)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def membership_set(
    *, user: User, organisation: Organisation, role: Role | str, actor: User | None = None
) -> Membership:
    """Give user exactly one role in organisation (replacing any earlier role)."""
    membership, created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    membership.full_clean()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.CHANGE,
        obj=membership,
        organisation=organisation,
        summary=f"{user} is {membership.get_role_display()} of {organisation}",
        personal_data=True,
    )
    if hasattr(user, "_folkmoot_roles"):
        del user._folkmoot_roles
    return membership
