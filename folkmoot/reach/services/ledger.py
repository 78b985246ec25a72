"""Paid partnerships: agreements with partners, involvement payments and expenses, and their status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from folkmoot.core.models import AuditAction, Engagement, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..models import LedgerStatus, PartnerAgreement, Payment, PaymentKind, PaymentRate, Stakeholder

STATUS_DATE = {LedgerStatus.INVOICED: "invoiced_on", LedgerStatus.PAID: "paid_on"}


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: "Enter an amount in pounds, like 150 or 12.50."}) from exc
    if amount < 0:
        raise ValidationError({field: "The amount cannot be negative."})
    return amount


@transaction.atomic
def rate_set(
    *,
    organisation: Organisation,
    actor: User | None,
    code: str,
    label: str,
    kind: str,
    amount,
    unit: str,
    notes: str = "",
    check: bool = True,
) -> PaymentRate:
    """Rates are the organisation's own (following its involvement payment policy), never built in."""
    if check:
        require(actor, Perm.CONFIGURE, organisation)
    if kind not in PaymentKind.values:
        raise ValidationError({"kind": "Choose involvement payment, expenses or voucher."})
    rate, _ = PaymentRate.objects.update_or_create(
        organisation=organisation,
        code=code,
        defaults={
            "label": label,
            "kind": kind,
            "amount": _money(amount, "amount"),
            "unit": unit,
            "notes": notes,
            "retired_on": None,
        },
    )
    audit_record(
        actor=actor, action=AuditAction.CHANGE, obj=organisation, summary=f"Set payment rate {label}"
    )
    return rate


@transaction.atomic
def rate_remove(
    *, rate: PaymentRate, actor: User | None, on: dt.date | None = None, check: bool = True
) -> str:
    """Delete a rate no payment used; retire one that payments used (they keep it). Returns "deleted" or "retired"."""
    if check:
        require(actor, Perm.CONFIGURE, rate.organisation)
    used = Payment.objects.filter(rate=rate).count()
    if used:
        rate.retired_on = on or dt.date.today()
        rate.save(update_fields=["retired_on", "updated_at"])
        outcome, summary = "retired", f"Retired payment rate {rate.label} (used by {used} payments)"
    else:
        rate.delete()
        outcome, summary = "deleted", f"Deleted payment rate {rate.label}"
    audit_record(actor=actor, action=AuditAction.CHANGE, obj=rate.organisation, summary=summary)
    return outcome


@transaction.atomic
def agreement_create(
    *,
    engagement: Engagement,
    partner: Stakeholder,
    deliverables: str,
    fee,
    agreed_on: dt.date,
    actor: User | None,
    check: bool = True,
) -> PartnerAgreement:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, engagement)
    if partner.organisation_id != engagement.organisation_id:
        raise ValidationError({"partner": "Add this partner to the organisation's register first."})
    if not (deliverables or "").strip():
        raise ValidationError({"deliverables": "Say what the partner will deliver."})
    agreement = PartnerAgreement.objects.create(
        engagement=engagement,
        partner=partner,
        deliverables=deliverables.strip(),
        fee=_money(fee, "fee"),
        agreed_on=agreed_on,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=agreement,
        organisation=engagement.organisation,
        summary=f"Agreed {agreement.fee} with {partner.name} for {engagement.title}",
    )
    return agreement


def _set_status(obj, status: str, on: dt.date) -> None:
    if status not in LedgerStatus.values:
        raise ValidationError({"status": "Choose agreed, invoiced or paid."})
    obj.status = status
    if status == LedgerStatus.PAID and obj.invoiced_on is None:
        obj.invoiced_on = on
    if status in STATUS_DATE:
        setattr(obj, STATUS_DATE[status], on)
    obj.save()


@transaction.atomic
def agreement_set_status(
    *, agreement: PartnerAgreement, status: str, on: dt.date, actor: User | None, check: bool = True
) -> PartnerAgreement:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, agreement.engagement)
    _set_status(agreement, status, on)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=agreement,
        organisation=agreement.engagement.organisation,
        summary=f"Marked the agreement with {agreement.partner.name} as {status}",
    )
    return agreement


@transaction.atomic
def payment_record(
    *,
    engagement: Engagement,
    payee: Stakeholder,
    kind: str,
    agreed_on: dt.date,
    actor: User | None,
    agreement: PartnerAgreement | None = None,
    rate: PaymentRate | None = None,
    quantity=1,
    amount=None,
    description: str = "",
    declined: bool = False,
    check: bool = True,
) -> Payment:
    """An involvement payment or expenses for a person. Refused unless an agreement for this engagement covers it."""
    if check:
        require(actor, Perm.MANAGE_PARTNERS, engagement)
    if agreement is None:
        agreement = PartnerAgreement.objects.filter(engagement=engagement, partner=payee).first()
    if agreement is None or agreement.engagement_id != engagement.pk:
        raise ValidationError(
            f"There is no agreement with {payee.name} for {engagement.title}. Record what they will do and "
            "the fee as an agreement first, then add the payment."
        )
    if kind not in PaymentKind.values:
        raise ValidationError({"kind": "Choose involvement payment, expenses or voucher."})
    if rate is not None and rate.organisation_id != engagement.organisation_id:
        raise ValidationError({"rate": "That rate belongs to another organisation."})
    if rate is not None and rate.retired_on is not None:
        raise ValidationError({"rate": f"The rate {rate.label} was retired; choose a current one."})
    quantity = _money(quantity, "quantity")
    if amount is None:
        if rate is None:
            raise ValidationError({"amount": "Enter an amount, or choose one of the organisation's rates."})
        amount = rate.amount * quantity
    payment = Payment.objects.create(
        agreement=agreement,
        payee=payee,
        kind=kind,
        rate=rate,
        quantity=quantity,
        amount=Decimal("0") if declined else _money(amount, "amount"),
        description=description,
        declined=declined,
        agreed_on=agreed_on,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=payment,
        organisation=engagement.organisation,
        personal_data=True,
        summary=f"Recorded a {payment.get_kind_display().lower()} for {payee.name}",
    )
    return payment


@transaction.atomic
def payment_set_status(
    *, payment: Payment, status: str, on: dt.date, actor: User | None, check: bool = True
) -> Payment:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, payment.agreement.engagement)
    _set_status(payment, status, on)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=payment,
        organisation=payment.agreement.engagement.organisation,
        personal_data=True,
        summary=f"Marked a payment to {payment.payee.name} as {status}",
    )
    return payment
