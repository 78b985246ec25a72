import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from folkmoot.core.models import AuditEvent
from folkmoot.plan import services as plan_services
from folkmoot.reach import selectors, services
from folkmoot.reach.exports import finance_export
from folkmoot.reach.models import Payment

D = dt.date(2026, 2, 1)


def _rate(personas, amount="25.00"):
    return services.rate_set(
        organisation=personas.organisation,
        actor=personas.admin,
        code="half-day",
        label="Half day (organisation's rate)",
        kind="involvement",
        amount=amount,
        unit="per half day",
    )


@pytest.mark.sqlite
def test_partner_payments_totals_follow_status_and_compare_with_the_plan_budget(
    personas, register, agreement
):
    plan = plan_services.plan_get_or_create(engagement=personas.engagement, actor=personas.lead)
    plan_services.plan_update(plan=plan, actor=personas.lead, changes={"budget": {"partner_payments": 700}})
    peer_agreement = services.agreement_create(
        engagement=personas.engagement,
        partner=register["peer"],
        deliverables="Peer research interviews",
        fee="0",
        agreed_on=D,
        actor=personas.lead,
    )
    payment = services.payment_record(
        engagement=personas.engagement,
        payee=register["peer"],
        kind="involvement",
        agreed_on=D,
        actor=personas.lead,
        agreement=peer_agreement,
        rate=_rate(personas),
        quantity=4,
    )
    assert payment.amount == 100
    services.agreement_set_status(agreement=agreement, status="invoiced", on=D, actor=personas.lead)
    services.payment_set_status(payment=payment, status="paid", on=D, actor=personas.lead)
    totals = selectors.partner_payments(engagement=personas.engagement)
    assert totals == {
        "agreed": 700,
        "invoiced": 700,
        "paid": 100,
        "partners": 2,
        "budget": 700.0,
        "over_budget": False,
    }
    payment.refresh_from_db()
    assert payment.invoiced_on == D and payment.paid_on == D
    services.payment_record(
        engagement=personas.engagement,
        payee=register["peer"],
        kind="expenses",
        agreed_on=D,
        actor=personas.lead,
        amount="12.50",
        description="Bus fares",
    )
    assert selectors.partner_payments(engagement=personas.engagement)["over_budget"] is True


def test_partner_payments_without_a_plan_has_no_budget(personas):
    totals = selectors.partner_payments(engagement=personas.engagement)
    assert totals["budget"] is None and totals["agreed"] == 0 and totals["over_budget"] is False


def test_payment_without_an_agreement_is_refused_with_a_clear_message(personas, register):
    with pytest.raises(ValidationError, match="no agreement with Synthetic Peer Researcher Ada"):
        services.payment_record(
            engagement=personas.engagement,
            payee=register["peer"],
            kind="involvement",
            agreed_on=D,
            actor=personas.lead,
            amount="40",
        )
    assert Payment.objects.count() == 0


def test_agreement_from_another_engagement_does_not_cover_a_payment(personas, register):
    other = services.agreement_create(
        engagement=personas.private_engagement,
        partner=register["peer"],
        deliverables="Board paper review",
        fee="50",
        agreed_on=D,
        actor=personas.lead,
    )
    with pytest.raises(ValidationError, match="no agreement"):
        services.payment_record(
            engagement=personas.engagement,
            payee=register["peer"],
            kind="involvement",
            agreed_on=D,
            actor=personas.lead,
            agreement=other,
            amount="40",
        )


def test_only_people_who_manage_partners_can_agree_fees(personas, register):
    with pytest.raises(PermissionDenied):
        services.agreement_create(
            engagement=personas.engagement,
            partner=register["group"],
            deliverables="x",
            fee="1",
            agreed_on=D,
            actor=personas.viewer,
        )


def test_bad_amounts_are_refused_in_plain_words(personas, register):
    with pytest.raises(ValidationError, match="Enter an amount in pounds"):
        services.agreement_create(
            engagement=personas.engagement,
            partner=register["group"],
            deliverables="Events",
            fee="lots",
            agreed_on=D,
            actor=personas.lead,
        )


def test_finance_export_neutralises_formulas_and_is_audited(personas, register):
    services.agreement_create(
        engagement=personas.engagement,
        partner=register["group"],
        deliverables='=HYPERLINK("http://x")',
        fee="300",
        agreed_on=D,
        actor=personas.lead,
    )
    content, ctype = finance_export(engagement=personas.engagement, user=personas.lead, fmt="csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "engagement" and rows[1][2] == "Synthetic Riverside Carers Group"
    assert not rows[1][4].startswith("=")
    assert AuditEvent.objects.filter(action="export", personal_data=True).exists()
    xlsx, _ = finance_export(engagement=personas.engagement, user=personas.lead, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet["H2"].value == "300.00" and not str(sheet["E2"].value).startswith("=")
    with pytest.raises(PermissionDenied):
        finance_export(engagement=personas.engagement, user=personas.viewer)
