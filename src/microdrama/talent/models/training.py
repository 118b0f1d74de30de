"""Training (人才培训): courses run with partner platforms and universities, their sessions, who
enrolled, who attended which session, and the certificate a completed enrolment earns."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.models import Organisation

from .profiles import TalentProfile, is_talent_officer


class Course(models.Model):
    class Category(models.TextChoices):
        ACTING = "acting", _("表演")
        WRITING = "writing", _("编剧")
        DIRECTING = "directing", _("导演")
        CAMERA = "camera", _("摄影与灯光")
        EDITING = "editing", _("剪辑与后期")
        AI = "ai", _("AI 创作")
        COMPLIANCE = "compliance", _("内容审核与合规")
        OPERATIONS = "operations", _("制片与运营")

    class Status(models.TextChoices):
        OPEN = "open", _("报名中")
        RUNNING = "running", _("进行中")
        FINISHED = "finished", _("已结课")

    code = models.CharField(_("课程编号"), max_length=20, unique=True)
    title = models.CharField(_("课程名称"), max_length=60)
    category = models.CharField(_("方向"), max_length=20, choices=Category.choices)
    partner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("合作平台"),
    )
    partner_name = models.CharField(_("合作院校/机构"), max_length=60, blank=True)
    description = models.TextField(_("课程介绍"), blank=True)
    hours = models.PositiveSmallIntegerField(
        _("学时"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    capacity = models.PositiveSmallIntegerField(_("名额"), validators=[MinValueValidator(1)])
    pass_attendance = models.PositiveSmallIntegerField(
        _("结业出勤率（%）"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("出勤达到此比例方可结业并获得证书"),
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")

    def __str__(self) -> str:
        return self.title

    @property
    def partner_label(self) -> str:
        return " · ".join(p for p in [self.partner.name if self.partner else "", self.partner_name] if p)


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    topic = models.CharField(_("主题"), max_length=80)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    venue = models.CharField(_("地点"), max_length=80, blank=True)
    teacher = models.CharField(_("讲师"), max_length=40, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("课次")
        verbose_name_plural = _("课次")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")), name="talent_session_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course.title} · {self.topic}"


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The talent officer sees every enrolment; a person their own."""
        if is_talent_officer(user):
            return self
        if getattr(user, "is_authenticated", False):
            return self.filter(profile__user=user)
        return self.none()


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("在读")
        COMPLETED = "completed", _("已结业")
        WITHDRAWN = "withdrawn", _("已退出")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    profile = models.ForeignKey(TalentProfile, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ENROLLED)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    completed_on = models.DateField(_("结业日期"), null=True, blank=True)
    certificate_number = models.CharField(_("证书编号"), max_length=30, unique=True, null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["course", "profile__number"]
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        constraints = [models.UniqueConstraint(fields=["course", "profile"], name="one_enrolment_per_course")]

    def __str__(self) -> str:
        return f"{self.profile.name} · {self.course.title}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("出勤"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="one_mark_per_session")]

    def __str__(self) -> str:
        return f"{self.enrolment} @ {self.session}: {self.present}"
