"""Forms of the enforcement pages: the officer's review, the platform's answer, platform profiles."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PlatformProfile


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TakedownForm(forms.Form):
    note = forms.CharField(
        label=_("处理说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("异议理由"),
        min_length=5,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "min_length": _("请写明异议理由（至少 5 个字）"),
            "required": _("请写明异议理由（至少 5 个字）"),
        },
    )


class PlatformProfileForm(forms.ModelForm):
    webhook_url = forms.URLField(
        label=_("Webhook 地址"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = PlatformProfile
        fields = [
            "notice_email",
            "webhook_url",
            "webhook_secret_env",
            "api_enabled",
            "contact_name",
            "contact_phone",
            "escalation_name",
            "escalation_email",
            "response_hours",
            "allow_private_network",
        ]

    def clean_webhook_secret_env(self) -> str:
        name = self.cleaned_data["webhook_secret_env"].strip()
        if name and not re.fullmatch(r"[A-Z_][A-Z0-9_]{0,79}", name):
            raise forms.ValidationError(_("请填写环境变量的名称（大写字母、数字和下划线），不要填写密钥本身"))
        return name

    def clean_response_hours(self) -> int:
        hours = self.cleaned_data["response_hours"]
        if not 1 <= hours <= 24:
            raise forms.ValidationError(_("约定下架时限应在 1 到 24 小时之间"))
        return hours

    def clean(self):
        data = super().clean()
        if data.get("webhook_url") and not data.get("webhook_secret_env"):
            self.add_error("webhook_secret_env", _("配置 Webhook 时必须指定签名密钥的环境变量名"))
        if not (data.get("notice_email") or data.get("webhook_url")):
            self.add_error("notice_email", _("至少配置通知邮箱或 Webhook 之一"))
        return data
