"""Applications (planning 规划备案 and online 上线备案) and the event log that is their history.

The current `state` is stored for querying, but everything time-related (the SLA clock, working
days spent) is derived from `ApplicationEvent` rows, which are only ever appended.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.models import Organisation

from .dramas import Drama
from .rules import Tier, TierRule


class Stage(models.TextChoices):
    PLANNING = "planning", _("规划备案")
    ONLINE = "online", _("上线备案")


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    IN_REVIEW = "in_review", _("审核中")
    NEEDS_REVISION = "needs_revision", _("待补正")
    RESUBMITTED = "resubmitted", _("已补正")
    PASSED = "passed", _("审核通过")
    REJECTED = "rejected", _("未通过")
    REPORTED = "reported", _("已报送")
    NUMBERED = "numbered", _("已取得备案号")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATES = {State.SUBMITTED, State.ACCEPTED, State.IN_REVIEW, State.NEEDS_REVISION, State.RESUBMITTED,
               State.PASSED, State.REPORTED}
CLOCK_STATES = {State.ACCEPTED, State.IN_REVIEW, State.RESUBMITTED}  # the SLA clock runs in these


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(drama__in=Drama.objects.visible_to(user))

    def open(self):
        return self.filter(state__in=OPEN_STATES)


class Application(models.Model):
    drama = models.ForeignKey(Drama, on_delete=models.PROTECT, related_name="applications")
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    tier = models.CharField(_("类别"), max_length=20, choices=Tier.choices, blank=True)
    rule = models.ForeignKey(TierRule, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("分类规则"))
    classification = models.JSONField(_("分类依据"), default=dict, blank=True)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases",
        verbose_name=_("剧管家"),
    )
    number = models.CharField(_("备案号"), max_length=60, null=True, blank=True, unique=True)
    number_issuer = models.CharField(_("发号机关"), max_length=40, blank=True)
    numbered_on = models.DateField(_("取得日期"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    title_flags = models.JSONField(_("片名提示"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic lock for concurrent transitions
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("备案申请")
        verbose_name_plural = _("备案申请")
        constraints = [
            models.UniqueConstraint(
                fields=["drama", "stage"], condition=~models.Q(state__in=["rejected", "withdrawn"]),
                name="one_live_application_per_stage",
            )
        ]

    def __str__(self) -> str:
        return f"{self.drama} {self.get_stage_display()}"

    @property
    def company(self) -> Organisation:
        return self.drama.company

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ApplicationEvent(models.Model):
    """One transition or note in an application's life: who, when, why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True, choices=State.choices)
    to_state = models.CharField(max_length=20, blank=True, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(db_index=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.from_state}→{self.to_state}"
