"""Insights' app-database rows (segments, model cards, action outcomes, campaigns) live here."""

from __future__ import annotations

from django.db import models


class ActionOutcome(models.Model):
    """A member's answer to one next-best-action offer, as a representative (or the channel system)
    recorded it. Rows are never edited; they feed the actions' propensity and the contact policy."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        NOT_NOW = "not_now", "Not now"

    member_id = models.CharField(max_length=40)
    action = models.CharField(max_length=60)
    channel = models.CharField(max_length=20)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    recorded_at = models.DateTimeField()
    recorded_by = models.CharField(max_length=150)
    contact_id = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["member_id", "recorded_at"], name="insights_outcome_member"),
            models.Index(fields=["action", "outcome"], name="insights_outcome_action"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.action}: {self.outcome}"


# -- risk models ----------------------------------------------------------------------------------


class ModelCard(models.Model):
    """One trained risk model, as its card says it: what it predicts, on what data, how well.

    Every training run adds a card per model; the newest card of a model is the current one. `metrics`
    holds auc, auc_ci_low, auc_ci_high, brier, n_train, n_test, positives_train, positives_test;
    `reliability` the curve's bins (n, predicted, observed); `importance` each feature's permutation
    importance (drop in test AUC) with its words."""

    name = models.CharField(max_length=60, db_index=True)
    title = models.CharField(max_length=200)
    outcome = models.TextField()  # the outcome and population in words
    trained_at = models.DateTimeField()
    trained_by = models.CharField(max_length=150, blank=True)
    data_start = models.DateField()
    data_end = models.DateField()
    train_until = models.DateField()  # training snapshots' outcomes all end by this day
    test_from = models.DateField()  # first test snapshot
    scored_on = models.DateField()  # the day member scores are as of
    features = models.JSONField(default=list)
    metrics = models.JSONField(default=dict)
    reliability = models.JSONField(default=list)
    importance = models.JSONField(default=list)
    population = models.PositiveIntegerField(default=0)  # members scored on scored_on

    class Meta:
        ordering = ["name", "-trained_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.trained_at:%Y-%m-%d})"


class MemberRiskScore(models.Model):
    """A member's score under one card as of its `scored_on`, with the features that raised it most,
    in words (`reasons`: [{feature, words, value, typical, delta}]). Only the highest scores are kept."""

    card = models.ForeignKey(ModelCard, on_delete=models.CASCADE, related_name="scores")
    member_id = models.CharField(max_length=40, db_index=True)
    rank = models.PositiveIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["card", "rank"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.score:.2f}"


# -- segments -------------------------------------------------------------------------------------


class Segment(models.Model):
    """A named group of members: by rule (`rule`: a list of {feature, op, value} all of which hold)
    or discovered by clustering (`profile` describes its centre in words)."""

    class Kind(models.TextChoices):
        RULE = "rule", "Rule"
        DISCOVERED = "discovered", "Discovered"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.TextField(blank=True)
    rule = models.JSONField(default=list)
    profile = models.JSONField(default=list)  # discovered: [{feature, words, value, population}]
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=150, blank=True)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "name", "id"]

    def __str__(self) -> str:
        return self.name


class SegmentVersion(models.Model):
    """Who was in a segment as of one day: each refresh adds a version (membership never changes
    in place), so a campaign can say exactly whom it targeted."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    as_of = models.DateField()
    computed_at = models.DateTimeField()
    size = models.PositiveIntegerField()
    population = models.PositiveIntegerField()

    class Meta:
        ordering = ["segment", "-number"]
        constraints = [models.UniqueConstraint(fields=["segment", "number"], name="segment_version_unique")]

    def __str__(self) -> str:
        return f"{self.segment_id} v{self.number}"


class SegmentMember(models.Model):
    version = models.ForeignKey(SegmentVersion, on_delete=models.CASCADE, related_name="members")
    member_id = models.CharField(max_length=40, db_index=True)

    class Meta:
        ordering = ["version", "member_id"]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.member_id}"


# -- campaigns ------------------------------------------------------------------------------------


class Campaign(models.Model):
    """An outreach action sent to the members of one saved segment version, with a randomised holdout
    (seeded: the same members, share and seed give the same assignment). Never edited after launch."""

    name = models.CharField(max_length=120, unique=True)
    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="campaigns")
    segment_version = models.ForeignKey(SegmentVersion, on_delete=models.PROTECT, related_name="campaigns")
    action = models.CharField(max_length=60)  # a catalog action of mode "outreach"
    purpose = models.CharField(max_length=20)  # the action's purpose: consent is per channel and purpose
    channels = models.JSONField(default=list)  # the channels it may use (the action's, or one of them)
    holdout_share = models.FloatField()
    seed = models.PositiveIntegerField()
    starts_at = models.DateTimeField()  # nobody is scheduled before this instant
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CampaignMember(models.Model):
    """One targeted member's stored place in a campaign: treated (sent at `send_at` on `channel`),
    holdout (not sent; `send_at` is when they would have been) or excluded (the contact policy holds
    the action back from them, or no channel of the action may reach them within the week after the
    start; `reason` says why)."""

    class Arm(models.TextChoices):
        TREATED = "treated", "Treated"
        HOLDOUT = "holdout", "Holdout"
        EXCLUDED = "excluded", "Excluded"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="members")
    member_id = models.CharField(max_length=40)
    arm = models.CharField(max_length=10, choices=Arm.choices)
    channel = models.CharField(max_length=20, blank=True)
    send_at = models.DateTimeField(null=True)
    language = models.CharField(max_length=10, blank=True)
    subgroup = models.CharField(max_length=120, blank=True)  # the discovered segment at launch
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["campaign", "member_id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "member_id"], name="campaign_member_unique")]
        # A member's campaign sends near an instant: next-best-action's weekly limits count them.
        indexes = [models.Index(fields=["member_id", "send_at"], name="insights_campaign_sends")]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.member_id} {self.arm}"
