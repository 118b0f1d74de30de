"""Review records, as the 审核通则 requires them kept: who reviewed, what they watched, each opinion
with its timecode, each reviewer's verdict and checklist; and the editable title-screening rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from microdrama.timespan import format_timecode

from .applications import Application
from .episodes import Episode


class ReviewAssignment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="one_assignment_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"


class ReviewOpinion(models.Model):
    class Category(models.TextChoices):
        GUIDANCE = "guidance", _("导向问题")
        VALUES = "values", _("价值观")
        VULGAR = "vulgar", _("低俗媚俗")
        VIOLENCE = "violence", _("暴力血腥")
        MINORS = "minors", _("未成年人保护")
        HISTORY = "history", _("历史与经典")
        TITLE = "title", _("片名")
        COPYRIGHT = "copyright", _("版权")
        SUBTITLE = "subtitle", _("字幕与台词")
        TECHNICAL = "technical", _("技术质量")
        OTHER = "other", _("其他")

    class Severity(models.TextChoices):
        NOTE = "note", _("提示")
        MINOR = "minor", _("一般")
        MAJOR = "major", _("严重")
        BLOCKING = "blocking", _("必须修改")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="opinions")
    episode = models.ForeignKey(Episode, null=True, blank=True, on_delete=models.CASCADE, related_name="opinions")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    timecode = models.FloatField(_("时间码（秒）"), null=True, blank=True)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    severity = models.CharField(_("程度"), max_length=20, choices=Severity.choices)
    text = models.TextField(_("意见"), max_length=2000)
    client_key = models.CharField(max_length=40)  # the form's one-time key: a double submit saves once
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["episode__number", "timecode", "pk"]
        constraints = [models.UniqueConstraint(fields=["reviewer", "client_key"], name="opinion_saved_once")]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def timecode_display(self) -> str:
        return format_timecode(self.timecode) if self.timecode is not None else ""


class EpisodeWatch(models.Model):
    """How much of an episode a reviewer actually played; "watched in full" needs (almost) all of it."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="watches")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    watched_ranges = models.JSONField(default=list)  # [[start, end], …] seconds, merged
    coverage = models.FloatField(default=0.0)
    watched_in_full = models.BooleanField(default=False)
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["episode", "reviewer"], name="one_watch_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.reviewer} {self.episode} {self.coverage:.0%}"


class ReviewVerdict(models.Model):
    class Recommendation(models.TextChoices):
        PASS = "pass", _("建议通过")
        REVISE = "revise", _("建议补正")
        REJECT = "reject", _("建议不予通过")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="verdicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cycle = models.PositiveSmallIntegerField(default=1)  # a resubmission starts a new review cycle
    recommendation = models.CharField(_("审核结论"), max_length=10, choices=Recommendation.choices)
    summary = models.TextField(_("综合意见"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer", "cycle"], name="one_verdict_per_cycle")]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.get_recommendation_display()}"


class ChecklistItem(models.Model):
    """One line of the reviewer checklist, from the NRTA management tips; versioned by `active`."""

    code = models.CharField(max_length=40)
    text = models.CharField(_("检查项"), max_length=300)
    source = models.CharField(_("依据"), max_length=200)
    stages = models.JSONField(default=list)  # ["planning", "online"]
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("审核检查项")
        verbose_name_plural = _("审核检查项")

    def __str__(self) -> str:
        return self.text


class ChecklistAnswer(models.Model):
    class Answer(models.TextChoices):
        OK = "ok", _("无问题")
        CONCERN = "concern", _("有问题")
        NA = "na", _("不适用")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checklist_answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    note = models.CharField(max_length=300, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "item", "reviewer"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return f"{self.item}: {self.answer}"


class TitleRule(models.Model):
    """A title-screening rule: a keyword or regular expression that flags a risky title for reviewers."""

    pattern = models.CharField(_("关键词或正则表达式"), max_length=200)
    is_regex = models.BooleanField(_("正则表达式"), default=False)
    reason = models.CharField(_("提示理由"), max_length=200)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("片名提示规则")
        verbose_name_plural = _("片名提示规则")

    def __str__(self) -> str:
        return f"{self.pattern} — {self.reason}"
