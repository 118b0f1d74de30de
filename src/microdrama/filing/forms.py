"""Forms of the filing centre. Validation messages are the user's; the services re-check everything."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from microdrama.accounts.models import Organisation, User
from microdrama.accounts.roles import Role

from .models import Attachment, Drama, DramaCreator, ReviewOpinion, ReviewVerdict
from .models.dramas import TITLE_MAX_LENGTH
from .models.rules import SPECIAL_TOPICS, TierRule
from .services import check_declared_duration


class DramaForm(forms.ModelForm):
    special_topics = forms.MultipleChoiceField(
        label=_("特殊题材（主要情节涉及）"), choices=SPECIAL_TOPICS, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
        help_text=_("涉及这些题材的微短剧列为重点微短剧"),
    )
    creators_text = forms.CharField(
        label=_("主创人员"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一位：职务 姓名 [饰演角色]，职务为 编剧/导演/主演/制片人。例如：主演 林晓 苏晴"),
    )

    class Meta:
        model = Drama
        fields = ["title", "genre", "production_kind", "synopsis", "episodes", "minutes_per_episode", "total_minutes",
                  "investment", "special_topics", "platform_recommended", "producer_opt_in", "planned_platforms"]
        widgets = {
            "synopsis": forms.Textarea(attrs={"rows": 5}),
            "planned_platforms": forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
            "investment": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
        }
        help_texts = {
            "title": _("不超过 %(n)s 个字") % {"n": TITLE_MAX_LENGTH},
            "investment": _("单位：元。2026 年起 300 万元及以上为重点，100 万元（含）至 300 万元为普通"),
            "total_minutes": _("应等于 集数 × 单集时长（允许 5% 误差）"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_platforms"].queryset = Organisation.objects.filter(kind=Organisation.Kind.PLATFORM)
        self.fields["planned_platforms"].required = False
        if self.instance.pk:
            self.initial["creators_text"] = "\n".join(
                " ".join(filter(None, [c.get_role_display(), c.name, c.character])) for c in self.instance.creators.all()
            )

    def clean_title(self) -> str:
        title = re.sub(r"\s+", " ", self.cleaned_data["title"]).strip().strip("《》")
        if not title:
            raise ValidationError(_("请填写剧名"))
        return title

    def clean_investment(self) -> Decimal:
        value = self.cleaned_data["investment"]
        if value is not None and value <= 0:
            raise ValidationError(_("总投资必须大于 0"))
        return value

    def clean_creators_text(self) -> list[dict]:
        labels = {str(label): code for code, label in DramaCreator.Role.choices}
        creators = []
        for n, line in enumerate(self.cleaned_data.get("creators_text", "").splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if parts[0] not in labels or len(parts) < 2:
                raise ValidationError(_("第 %(n)s 行格式不正确：应为“职务 姓名 [饰演角色]”，职务为 编剧/导演/主演/制片人")
                                      % {"n": n})
            creators.append({"role": labels[parts[0]], "name": parts[1][:40],
                             "character": " ".join(parts[2:])[:40]})
        return creators

    def clean(self):
        data = super().clean()
        if all(data.get(k) is not None for k in ("episodes", "minutes_per_episode", "total_minutes")):
            try:
                check_declared_duration(data["episodes"], data["minutes_per_episode"], data["total_minutes"])
            except ValidationError as exc:
                self.add_error("total_minutes", exc)
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        creators = data.pop("creators_text", [])
        platforms = data.pop("planned_platforms", [])
        return {"creators": creators, "platforms": platforms, **data}


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、Word、Excel、图片或 UTF-8 文本，不超过 50 MB"))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RevisionForm(NoteForm):
    missing = forms.CharField(
        label=_("需要补正的内容"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一条，用申报人能看懂的话写明缺什么、改什么"),
    )

    def clean_missing(self) -> list[str]:
        items = [line.strip(" -·•\t") for line in self.cleaned_data["missing"].splitlines()]
        items = [i for i in items if i]
        if not items:
            raise ValidationError(_("请逐条写明需要补正的内容"))
        return items


class ReviewersForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("审核员"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = User.objects.filter(is_active=True, role_grants__role=Role.REVIEWER).distinct()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("决定"), choices=[("pass", _("审核通过")), ("reject", _("不予通过"))])
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NumberForm(forms.Form):
    number = forms.CharField(label=_("备案号 / 许可证号"), max_length=60,
                             help_text=_("例如 (赣)网微剧备字(2026)第00123号；全角、半角括号均可"))
    issued_on = forms.DateField(label=_("取得日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


class ReassignForm(forms.Form):
    manager = forms.ModelChoiceField(label=_("新的剧管家"), queryset=User.objects.none())
    reason = forms.CharField(label=_("原因"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = User.objects.filter(is_active=True, role_grants__role=Role.CASE_MANAGER).distinct()


class MessageForm(forms.Form):
    text = forms.CharField(label=_("消息"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("附件"), required=False)


class OpinionForm(forms.Form):
    episode = forms.IntegerField(label=_("集数"), required=False, min_value=1)
    timecode = forms.CharField(label=_("时间码"), required=False, max_length=12, help_text=_("分:秒，例如 01:23"))
    category = forms.ChoiceField(label=_("类别"), choices=ReviewOpinion.Category.choices)
    severity = forms.ChoiceField(label=_("程度"), choices=ReviewOpinion.Severity.choices)
    text = forms.CharField(label=_("意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    client_key = forms.CharField(widget=forms.HiddenInput)



class VerdictForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("审核结论"), choices=ReviewVerdict.Recommendation.choices)
    summary = forms.CharField(label=_("综合意见"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class TierRuleForm(forms.ModelForm):
    reason = forms.CharField(label=_("修订说明"), max_length=200)

    class Meta:
        model = TierRule
        fields = ["name", "valid_from", "valid_to", "key_threshold", "ordinary_threshold", "special_topics_make_key",
                  "recommended_makes_key", "opt_in_makes_key", "source"]
        widgets = {"valid_from": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                   "valid_to": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}

    def clean(self):
        data = super().clean()
        key, ordinary = data.get("key_threshold"), data.get("ordinary_threshold")
        if key is not None and ordinary is not None and not (0 < ordinary < key):
            raise ValidationError(_("门槛须满足 0 < 普通门槛 < 重点门槛"))
        if data.get("valid_to") and data.get("valid_from") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("失效日期不能早于生效日期"))
        return data


class NoticeImportForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2004, max_value=2100)
    source = forms.ChoiceField(label=_("来源"), choices=[("notice", _("粘贴国务院办公厅通知全文")),
                                                      ("library", _("chinesecalendar 库数据"))])
    text = forms.CharField(label=_("通知全文"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("从“一、元旦：”到最后一条节日安排，原样粘贴即可"))


class DayEditForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    is_workday = forms.TypedChoiceField(label=_("这一天"), coerce=lambda v: v == "1",
                                        choices=[("1", _("上班")), ("0", _("休息"))])
    name = forms.CharField(label=_("说明"), required=False, max_length=60)
    reason = forms.CharField(label=_("修改原因"), max_length=200)
