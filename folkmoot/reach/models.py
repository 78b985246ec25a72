"""Reach: the stakeholder register, contact history, power/interest mapping, paid partnerships,
patient participation groups (PPGs) and the VCSE early-warning panel."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from folkmoot.core.models import Engagement, Organisation, PublicIdModel, TimeStamped


class StakeholderKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    ORGANISATION = "organisation", "Organisation or group"


class StakeholderCategory(models.TextChoices):
    VCSE = "vcse", "Voluntary or community group"
    FAITH_LEADER = "faith_leader", "Faith leader or faith group"
    COMMUNITY_LEADER = "community_leader", "Community leader"
    PEER_RESEARCHER = "peer_researcher", "Peer researcher"
    PPG = "ppg", "Patient participation group"
    COUNCILLOR = "councillor", "Councillor"
    STAFF_NETWORK = "staff_network", "Staff network"
    HEALTHWATCH = "healthwatch", "Healthwatch"
    PATIENT = "patient", "Patient, carer or member of the public"
    OTHER = "other", "Other"


class ContactPreference(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"
    VIA_PARTNER = "via_partner", "Through a partner organisation"
    IN_PERSON = "in_person", "In person"


class Stakeholder(PublicIdModel):
    """A person or group the organisation works with. Personal data: reads of contact details are audited."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="stakeholders")
    kind = models.CharField(max_length=16, choices=StakeholderKind.choices)
    category = models.CharField(max_length=24, choices=StakeholderCategory.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    communities = models.JSONField(default=list, blank=True, help_text="Communities served or represented.")
    areas = models.JSONField(default=list, blank=True, help_text="Areas served (place names or ONS codes).")
    languages = models.JSONField(default=list, blank=True)
    accessibility_needs = models.TextField(blank=True)
    contact_preference = models.CharField(
        max_length=16, choices=ContactPreference.choices, default=ContactPreference.EMAIL
    )
    consent_to_contact = models.BooleanField(default=False)
    consent_recorded_on = models.DateField(null=True, blank=True)
    # The Folkmoot organisation this stakeholder is, when it has one (a VCSE partner, a GP practice).
    linked_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="stakeholder_records"
    )
    # Flagged on entry or import, never merged silently: a person decides.
    possible_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="possible_duplicates"
    )
    duplicate_reason = models.CharField(max_length=200, blank=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "email"])]

    def __str__(self) -> str:
        return self.name


class StakeholderImport(PublicIdModel):
    """One import run: bad rows are kept here with their line and reason so nothing is lost."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="stakeholder_imports"
    )
    filename = models.CharField(max_length=255)
    created = models.PositiveIntegerField(default=0)
    duplicates = models.JSONField(default=list, blank=True)
    rejected = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]


class ContactKind(models.TextChoices):
    INVITATION = "invitation", "Invitation to take part"
    EVENT = "event", "Took part in an event"
    MESSAGE = "message", "Message"
    MEETING = "meeting", "Meeting"
    RESPONSE = "response", "Responded to an engagement"


class ContactRecord(TimeStamped):
    """One time a stakeholder was asked or took part, and what they were told back afterwards."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="contacts")
    engagement = models.ForeignKey(Engagement, null=True, blank=True, on_delete=models.SET_NULL)
    # Who asked: the register's organisation or one of its partners.
    asked_by = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reach_contacts_made")
    kind = models.CharField(max_length=16, choices=ContactKind.choices)
    on = models.DateField()
    summary = models.CharField(max_length=300, blank=True)
    told_back = models.TextField(blank=True)
    told_back_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-on", "-id"]


class ReachSettings(TimeStamped):
    """Per-organisation settings for the fatigue check."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="reach_settings")
    fatigue_max_asks = models.PositiveSmallIntegerField(
        default=3, help_text="Warn when a person or group was asked this many times or more in the window."
    )
    fatigue_window_days = models.PositiveSmallIntegerField(default=90)
    fatigue_min_gap_days = models.PositiveSmallIntegerField(
        default=14, help_text="Warn when they were last asked fewer than this many days ago."
    )


class GridPosition(TimeStamped):
    """A stakeholder's place on an engagement's power (influence) / interest (impact) grid, 1 to 5."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reach_grid")
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="grid_positions")
    influence = models.PositiveSmallIntegerField()
    interest = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["engagement", "stakeholder"], name="reach_grid_once"),
            models.CheckConstraint(
                condition=Q(influence__gte=1, influence__lte=5, interest__gte=1, interest__lte=5),
                name="reach_grid_scale_1_to_5",
            ),
        ]


class PaymentKind(models.TextChoices):
    INVOLVEMENT = "involvement", "Involvement payment"
    EXPENSES = "expenses", "Expenses"
    VOUCHER = "voucher", "Voucher"


class PaymentRate(TimeStamped):
    """Rates are data set by each organisation: the policy's amounts are not verified, so none are built in."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="payment_rates")
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=PaymentKind.choices)
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    unit = models.CharField(max_length=40, help_text="For example: per hour, per half day, per mile.")
    notes = models.CharField(max_length=300, blank=True)
    # A rate that payments used cannot be deleted (they must keep saying how they were worked out): retired
    # rates stay on those payments but are no longer offered for new ones.
    retired_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="reach_rate_code_unique")
        ]


class LedgerStatus(models.TextChoices):
    AGREED = "agreed", "Agreed"
    INVOICED = "invoiced", "Invoiced"
    PAID = "paid", "Paid"


class PartnerAgreement(PublicIdModel):
    """What a partner organisation (or an individual in a paid role) delivers for an engagement, for what fee."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reach_agreements")
    partner = models.ForeignKey(Stakeholder, on_delete=models.PROTECT, related_name="agreements")
    deliverables = models.TextField()
    fee = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    status = models.CharField(max_length=16, choices=LedgerStatus.choices, default=LedgerStatus.AGREED)
    agreed_on = models.DateField()
    invoiced_on = models.DateField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agreed_on"]

    def __str__(self) -> str:
        return f"{self.partner} for {self.engagement}"


class Payment(PublicIdModel):
    """An involvement payment or expenses claim for an individual, always under an agreement."""

    agreement = models.ForeignKey(PartnerAgreement, on_delete=models.PROTECT, related_name="payments")
    payee = models.ForeignKey(Stakeholder, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(max_length=16, choices=PaymentKind.choices)
    rate = models.ForeignKey(PaymentRate, null=True, blank=True, on_delete=models.PROTECT)
    quantity = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("1"))
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    description = models.CharField(max_length=300, blank=True)
    declined = models.BooleanField(default=False, help_text="The person chose not to be paid.")
    status = models.CharField(max_length=16, choices=LedgerStatus.choices, default=LedgerStatus.AGREED)
    agreed_on = models.DateField()
    invoiced_on = models.DateField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agreed_on"]


class PatientGroup(PublicIdModel):
    """A GP practice's patient participation group (PPG)."""

    practice = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="patient_groups")
    name = models.CharField(max_length=200)
    how_patients_told = models.TextField(
        blank=True, help_text="How the practice tells patients what the PPG did."
    )
    is_synthetic = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name


class PatientGroupMember(TimeStamped):
    """A PPG member. Equality answers are voluntary and special category data: None means not given."""

    group = models.ForeignKey(PatientGroup, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=40, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    ethnic_group = models.CharField(max_length=120, blank=True)
    disability = models.CharField(max_length=120, blank=True)


class MeetingKind(models.TextChoices):
    REGULAR = "regular", "Regular meeting"
    QUARTERLY = "quarterly", "Quarterly meeting"
    ANNUAL_WORKSHOP = "annual_workshop", "Annual workshop"


class PatientGroupMeeting(TimeStamped):
    group = models.ForeignKey(PatientGroup, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    attendees = models.PositiveSmallIntegerField(default=0)
    minutes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on"]


class PatientGroupAction(TimeStamped):
    meeting = models.ForeignKey(PatientGroupMeeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    owner = models.CharField(max_length=120, blank=True)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    patients_told = models.CharField(max_length=300, blank=True)


class Panel(PublicIdModel):
    """A standing early-warning panel with VCSE partners."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reach_panels")
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(Stakeholder, blank=True, related_name="panels")
    is_synthetic = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name


class PanelMeeting(TimeStamped):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices, default=MeetingKind.QUARTERLY)
    held_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on"]


class PanelIssue(TimeStamped):
    """An issue raised at a panel meeting, the communities it affects, and its follow-up and report back."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="issues")
    raised_by = models.ForeignKey(Stakeholder, null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    communities = models.JSONField(default=list, blank=True)
    theme_codes = models.JSONField(default=list, blank=True)
    follow_up = models.TextField(blank=True)
    followed_up_on = models.DateField(null=True, blank=True)
    reported_back = models.TextField(blank=True)
    reported_back_on = models.DateField(null=True, blank=True)
