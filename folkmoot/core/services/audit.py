from __future__ import annotations

from typing import Any

from ..models import AuditAction, AuditEvent, Organisation, User


def audit_record(
    *,
    actor: User | None,
    action: AuditAction | str,
    obj: Any = None,
    object_type: str | None = None,
    object_id: str | None = None,
    organisation: Organisation | None = None,
    summary: str,
    personal_data: bool = False,
    data: dict | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
        if organisation is None:
            organisation = getattr(obj, "organisation", None) if not isinstance(obj, Organisation) else obj
    return AuditEvent.objects.create(
        actor=actor if (actor is not None and actor.is_authenticated) else None,
        action=action,
        object_type=object_type or "",
        object_id=object_id or "",
        organisation=organisation,
        personal_data=personal_data,
        summary=summary[:300],
        data=data or {},
    )
