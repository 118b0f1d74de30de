"""Monitoring sources (a watched folder, a feed of video URLs, a platform search), each with its own
schedule, credentials named by environment variable, download limits, and a log of every run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.models import Organisation

from .access import is_monitoring_staff

MB = 1024 * 1024


class SourceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if is_monitoring_staff(user) else self.none()


class Source(models.Model):
    class Kind(models.TextChoices):
        FOLDER = "folder", _("监控文件夹")
        FEED = "feed", _("视频订阅源")
        SEARCH = "search", _("平台搜索")

    name = models.CharField(_("名称"), max_length=80, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    platform = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitoring_sources",
        verbose_name=_("所在平台"),
        limit_choices_to={"kind": "platform"},
    )
    enabled = models.BooleanField(_("启用"), default=True)
    interval_minutes = models.PositiveIntegerField(_("运行间隔（分钟）"), default=60)

    # where to look (one group of fields per kind)
    folder_path = models.CharField(_("文件夹路径"), max_length=300, blank=True)
    feed_url = models.URLField(_("订阅地址（RSS/Atom/JSON）"), max_length=500, blank=True)
    search_prefix = models.CharField(
        _("yt-dlp 搜索前缀"),
        max_length=40,
        blank=True,
        help_text=_("例如 ytsearch10:，留空则使用搜索页地址模板"),
    )
    search_url_template = models.CharField(
        _("搜索页地址模板"),
        max_length=500,
        blank=True,
        help_text=_("用 {query} 表示关键词，例如 https://example.com/search?q={query}"),
    )
    result_link_pattern = models.CharField(
        _("结果链接规则（正则）"), max_length=200, blank=True, default=r"/(v|video|videos|watch|play)/"
    )
    channel_urls = models.JSONField(_("频道地址"), default=list, blank=True)
    keywords = models.JSONField(_("附加关键词"), default=list, blank=True)
    works = models.ManyToManyField(
        "rights.Work",
        blank=True,
        related_name="+",
        verbose_name=_("监测作品"),
        help_text=_("留空表示全部登记作品"),
    )

    # credentials: the NAME of an environment variable, never the secret itself
    credential_env = models.CharField(_("凭据环境变量名"), max_length=80, blank=True)
    credential_header = models.CharField(_("凭据请求头"), max_length=60, blank=True, default="Authorization")

    # limits for each candidate download
    max_bytes = models.PositiveBigIntegerField(_("单个视频大小上限（字节）"), default=800 * MB)
    max_duration = models.PositiveIntegerField(_("单个视频时长上限（秒）"), default=3 * 3600)
    fetch_timeout = models.PositiveIntegerField(_("单个下载时间上限（秒）"), default=600)
    max_items = models.PositiveIntegerField(_("每次运行最多候选数"), default=50)
    allow_private_network = models.BooleanField(
        _("允许访问内网地址"),
        default=False,
        help_text=_("仅对系统设置 MONITORING_PRIVATE_NETWORKS 中列出的网段生效"),
    )

    next_run_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("监测源")
        verbose_name_plural = _("监测源")

    def __str__(self) -> str:
        return self.name

    @property
    def target(self) -> str:
        """Where the source looks, in one line."""
        if self.kind == self.Kind.FOLDER:
            return self.folder_path
        if self.kind == self.Kind.FEED:
            return self.feed_url
        parts = [self.search_prefix or self.search_url_template, *self.channel_urls]
        return " · ".join(p for p in parts if p)


class RunQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if is_monitoring_staff(user) else self.none()


class Run(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("运行中")
        OK = "ok", _("成功")
        PARTIAL = "partial", _("部分失败")
        FAILED = "failed", _("失败")

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(max_length=20, default="schedule")  # schedule | manual | retry | cli
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    found = models.PositiveIntegerField(default=0)  # items the source listed
    new = models.PositiveIntegerField(default=0)  # of which new candidates
    duplicates = models.PositiveIntegerField(default=0)  # already known URLs
    errors = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} @ {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def seconds(self) -> float | None:
        return (self.finished_at - self.started_at).total_seconds() if self.finished_at else None


class RunLogEntry(models.Model):
    """One line of a run's log; candidates fetched later by other tasks write to their run's log."""

    class Level(models.TextChoices):
        INFO = "info", _("信息")
        WARNING = "warning", _("警告")
        ERROR = "error", _("错误")

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField()
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.INFO)
    message = models.TextField()
    url = models.CharField(max_length=1000, blank=True)
    code = models.CharField(max_length=40, blank=True)  # stable error code for programs and tests

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"[{self.level}] {self.message[:60]}"
