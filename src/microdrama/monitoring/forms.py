"""The monitoring source form: one form for all kinds, checked per kind."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import OrgKind

from .discovery.folder import allowed_root
from .models import Source


def _lines(text: str) -> list[str]:
    return [
        p.strip()
        for line in (text or "").replace("，", ",").splitlines()
        for p in line.split(",")
        if p.strip()
    ]


class SourceForm(forms.ModelForm):
    feed_url = forms.URLField(
        label=_("订阅地址（RSS/Atom/JSON）"), max_length=500, required=False, assume_scheme="https"
    )
    keywords_text = forms.CharField(
        label=_("附加关键词"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("作品名称、别名和角色名会自动搜索；这里可补充，逗号或换行分隔"),
    )
    channels_text = forms.CharField(
        label=_("频道地址"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个频道或主页地址"),
    )

    class Meta:
        model = Source
        fields = [
            "name",
            "kind",
            "platform",
            "enabled",
            "interval_minutes",
            "folder_path",
            "feed_url",
            "search_prefix",
            "search_url_template",
            "result_link_pattern",
            "works",
            "credential_env",
            "credential_header",
            "max_bytes",
            "max_duration",
            "fetch_timeout",
            "max_items",
            "allow_private_network",
        ]
        widgets = {"works": forms.SelectMultiple(attrs={"size": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Organisation.objects.filter(kind=OrgKind.PLATFORM)
        if self.instance.pk:
            self.fields["keywords_text"].initial = "\n".join(self.instance.keywords or [])
            self.fields["channels_text"].initial = "\n".join(self.instance.channel_urls or [])

    def clean_credential_env(self) -> str:
        name = self.cleaned_data["credential_env"].strip()
        if name and not re.fullmatch(r"[A-Z_][A-Z0-9_]{0,79}", name):
            raise forms.ValidationError(_("请填写环境变量的名称（大写字母、数字和下划线），不要填写凭据本身"))
        return name

    def clean_interval_minutes(self) -> int:
        value = self.cleaned_data["interval_minutes"]
        if value < 1:
            raise forms.ValidationError(_("运行间隔至少 1 分钟"))
        return value

    def clean_result_link_pattern(self) -> str:
        pattern = self.cleaned_data["result_link_pattern"]
        try:
            re.compile(pattern)
        except re.error as exc:
            raise forms.ValidationError(_("不是有效的正则表达式：%(e)s") % {"e": exc}) from exc
        return pattern

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        data["keywords"] = _lines(data.get("keywords_text", ""))
        data["channel_urls"] = _lines(data.get("channels_text", ""))
        for url in data["channel_urls"]:
            if not url.startswith(("http://", "https://")):
                self.add_error(
                    "channels_text", _("频道地址应以 http:// 或 https:// 开头：%(u)s") % {"u": url}
                )
        if kind == Source.Kind.FOLDER:
            path = data.get("folder_path", "").strip()
            if not path:
                self.add_error("folder_path", _("请填写要监控的文件夹"))
            elif not allowed_root(Path(path).expanduser().resolve()):
                self.add_error(
                    "folder_path", _("该文件夹不在允许监控的目录内（系统设置 MONITORING_FOLDER_ROOTS）")
                )
        elif kind == Source.Kind.FEED and not data.get("feed_url"):
            self.add_error("feed_url", _("请填写订阅地址"))
        elif kind == Source.Kind.SEARCH:
            template = data.get("search_url_template", "").strip()
            if template and ("{query}" not in template or not template.startswith(("http://", "https://"))):
                self.add_error("search_url_template", _("搜索页地址须以 http(s):// 开头并包含 {query}"))
            prefix = data.get("search_prefix", "").strip()
            if prefix and not re.fullmatch(r"[a-z0-9]+search(\d+|all)?:", prefix):
                self.add_error("search_prefix", _("yt-dlp 搜索前缀形如 ytsearch10:"))
            if not (prefix or template or data["channel_urls"]):
                self.add_error(None, _("平台搜索至少需要搜索前缀、搜索页地址模板或频道地址之一"))
        return data

    def save(self, commit: bool = True) -> Source:
        self.instance.keywords = self.cleaned_data["keywords"]
        self.instance.channel_urls = self.cleaned_data["channel_urls"]
        return super().save(commit)
