"""The AI lab's records: a creation project (its documents and media live in a folder the creation
engine owns, under MEDIA_ROOT/studio/<uid>/) and the background jobs that run its stages.

The database keeps who owns a project and what ran when; the engine's folder keeps the content.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import OrgKind, Role


def new_uid() -> str:
    return uuid.uuid4().hex[:12]


def studio_root() -> Path:
    """Where every project folder lives: outside the repository, with the platform's media."""
    return Path(settings.MEDIA_ROOT) / "studio"


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A production company's creators see their company's projects; admins see all."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_platform_admin:
            return self
        org = user.organisation
        if org is None or org.kind != OrgKind.PRODUCTION or not user.has_role(Role.CREATOR):
            return self.none()
        return self.filter(company=org)


class StudioProject(models.Model):
    uid = models.CharField(_("项目编号"), max_length=40, unique=True, default=new_uid, editable=False)
    company = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="studio_projects", verbose_name=_("制作机构")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("剧名"), max_length=60, blank=True)
    premise = models.CharField(_("故事梗概"), max_length=500)
    genre = models.CharField(_("题材"), max_length=20)
    episodes = models.PositiveSmallIntegerField(_("集数"))
    hook_seconds = models.DecimalField(_("开场钩子（秒）"), max_digits=3, decimal_places=1)
    seed = models.PositiveIntegerField(_("随机种子"), default=7)
    # the filing centre's drama created by "send to filing" (shooting plans and casting hang off it)
    drama = models.ForeignKey(
        "filing.Drama",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("备案剧目"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("创作项目")
        verbose_name_plural = _("创作项目")

    def __str__(self) -> str:
        return self.title or self.premise[:20]

    def get_absolute_url(self) -> str:
        return reverse("studio:project", args=[self.pk])

    @property
    def folder(self) -> Path:
        return studio_root() / self.uid


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(project__in=StudioProject.objects.visible_to(user))

    def active(self):
        return self.filter(status__in=(StudioJob.Status.QUEUED, StudioJob.Status.RUNNING))


class StudioJob(models.Model):
    """One background run on a project: a stage, the whole chain, one shot, or the label check."""

    class Kind(models.TextChoices):
        STAGE = "stage", _("运行阶段")
        ALL = "all", _("运行全部")
        SHOT = "shot", _("重新渲染镜头")
        LABELS = "labels", _("检查 AIGC 标识")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    project = models.ForeignKey(StudioProject, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    stage = models.CharField(_("阶段"), max_length=20, blank=True)
    episode = models.PositiveSmallIntegerField(null=True, blank=True)
    shot = models.PositiveSmallIntegerField(null=True, blank=True)
    force = models.BooleanField(_("覆盖人工修改"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    fraction = models.FloatField(_("进度"), default=0.0)
    message = models.CharField(_("进度说明"), max_length=200, blank=True)
    error = models.TextField(_("错误"), blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    result = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("创作任务")
        verbose_name_plural = _("创作任务")
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return f"{self.project} · {self.title}"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def title(self) -> str:
        from microdrama.creation.pipeline import Stage

        from .engine import STAGE_LABELS

        stage = STAGE_LABELS.get(Stage(self.stage)) if self.stage in Stage._value2member_map_ else None
        if self.kind == self.Kind.STAGE and stage:
            return str(_("运行“%(stage)s”")) % {"stage": stage}
        if self.kind == self.Kind.ALL and stage:
            return str(_("运行全部（到“%(stage)s”）")) % {"stage": stage}
        if self.kind == self.Kind.SHOT:
            return str(_("重新渲染 第%(e)s集 镜%(n)s")) % {"e": self.episode, "n": self.shot}
        return str(self.get_kind_display())

    @property
    def percent(self) -> int:
        return round(self.fraction * 100)
