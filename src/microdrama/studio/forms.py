"""Forms of the AI lab: a new project from a premise, the raw JSON editor, and the start date of a
shooting plan. The structured editors are plain fields read by `editing`; every rule lives in
the services and the engine's models, so these forms only shape the input."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import engine


class ProjectForm(forms.Form):
    premise = forms.CharField(
        label=_("一句话故事梗概"),
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "placeholder": _("例：为了应付催婚，插画师在街头拉住陌生人假扮男友，没想到他是新上司"),
            }
        ),
        help_text=_("4–500 字：写清主角、处境和冲突。"),
    )
    genre = forms.CharField(label=_("题材"))
    episodes = forms.CharField(label=_("集数"), initial=2, help_text=_("1–100 集；离线生成每集约 1 分钟。"))
    hook_seconds = forms.CharField(
        label=_("开场钩子须在前几秒内"), initial=3, help_text=_("3–8 秒（“黄金3秒”）。")
    )
    seed = forms.CharField(label=_("随机种子"), initial=7, help_text=_("同一梗概、同一种子得到同一结果。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = engine.genre_choices()
        if engine.llm_configured():  # a language model writes any genre: suggest, do not restrict
            self.fields["genre"].widget = forms.TextInput(attrs={"list": "genre-list"})
        else:
            self.fields["genre"].widget = forms.Select(choices=choices)
        self.fields["episodes"].widget = forms.NumberInput(attrs={"min": 1, "max": 100})
        self.fields["hook_seconds"].widget = forms.NumberInput(attrs={"min": 3, "max": 8, "step": 0.5})
        self.fields["seed"].widget = forms.NumberInput(attrs={"min": 0})
        self.genre_suggestions = [name for name, _label in choices]


class JsonForm(forms.Form):
    document = forms.CharField(
        label=_("JSON"), widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "false", "class": "mono"})
    )


class PlanForm(forms.Form):
    start_date = forms.DateField(label=_("开机日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate() + timedelta(days=14)
