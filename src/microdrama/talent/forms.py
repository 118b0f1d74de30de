"""Forms of the talent centre: profiles and their parts, search, training and casting."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from microdrama.filing.models import Drama

from .models import CastingRole, Course, Session, ShortlistEntry, TagCategory, TalentKind, TalentProfile
from .models.profiles import Gender
from .services.profiles import SELF_EDITABLE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TAG_HELP = _("多个用顿号或逗号分隔")


class ProfileForm(forms.ModelForm):
    showreel_url = forms.URLField(label=_("作品片段链接"), required=False, assume_scheme="https")
    languages = forms.CharField(label=_("语言"), required=False, help_text=TAG_HELP)
    dialects = forms.CharField(label=_("方言"), required=False, help_text=TAG_HELP)
    specialities = forms.CharField(label=_("特长"), required=False, help_text=TAG_HELP)
    genres = forms.MultipleChoiceField(
        label=_("擅长题材"), required=False, choices=Drama.Genre.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = TalentProfile
        fields = [
            "name",
            "kind",
            "gender",
            "birth_year",
            "age_min",
            "age_max",
            "height_cm",
            "city",
            "school",
            "headline",
            "bio",
            "showreel_url",
            "phone",
            "email",
            "wechat",
            "agent",
            "status",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, officer: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not officer:  # the person edits what describes them; identity stays with the centre
            for name in list(self.fields):
                if name not in SELF_EDITABLE | {"languages", "dialects", "specialities", "genres"}:
                    del self.fields[name]
            if self.instance.status != TalentProfile.Status.ARCHIVED:
                self.fields["status"].choices = [
                    (c, label)
                    for c, label in TalentProfile.Status.choices
                    if c != TalentProfile.Status.ARCHIVED
                ]
        if self.instance.pk:
            for category in ("languages", "dialects", "specialities"):
                tag = {
                    "languages": TagCategory.LANGUAGE,
                    "dialects": TagCategory.DIALECT,
                    "specialities": TagCategory.SPECIALITY,
                }[category]
                self.initial[category] = "、".join(self.instance.tags_of(tag))
            self.initial["genres"] = self.instance.genres

    def clean(self):
        data = super().clean()
        lo, hi = data.get("age_min"), data.get("age_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("age_max", _("可饰年龄的上限不能小于下限"))
        return data

    def tags(self) -> dict[str, list[str]]:
        d = self.cleaned_data
        return {
            TagCategory.LANGUAGE: d.get("languages") or "",
            TagCategory.DIALECT: d.get("dialects") or "",
            TagCategory.SPECIALITY: d.get("specialities") or "",
            TagCategory.GENRE: d.get("genres") or [],
        }


class UploadForm(forms.Form):
    file = forms.FileField(label=_("文件"))


class CreditForm(forms.Form):
    drama = forms.ModelChoiceField(
        label=_("备案剧目"),
        queryset=Drama.objects.none(),
        required=False,
        empty_label=_("（不是平台备案的剧目）"),
    )
    title = forms.CharField(label=_("作品名"), max_length=60, required=False)
    position = forms.CharField(
        label=_("担任"), max_length=30, widget=forms.TextInput(attrs={"placeholder": _("如 主演、导演")})
    )
    character = forms.CharField(label=_("饰演角色"), max_length=40, required=False)
    year = forms.IntegerField(label=_("年份"), min_value=1950, max_value=2100, required=False)

    def __init__(self, *args, dramas=None, **kwargs):
        super().__init__(*args, **kwargs)
        if dramas is not None:
            self.fields["drama"].queryset = dramas


class BusyForm(forms.Form):
    start = forms.DateField(label=_("开始"), widget=DATE)
    end = forms.DateField(label=_("结束"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=80, required=False)


class LinkUserForm(forms.Form):
    username = forms.CharField(
        label=_("本人账户用户名"),
        max_length=150,
        required=False,
        help_text=_("关联后，本人登录即可维护自己的档案；留空则解除关联"),
    )


class TalentSearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部")), *TalentKind.choices])
    gender = forms.ChoiceField(label=_("性别"), required=False, choices=[("", _("不限")), *Gender.choices])
    age = forms.IntegerField(label=_("可饰年龄"), required=False, min_value=0, max_value=100)
    city = forms.ChoiceField(label=_("城市"), required=False)
    dialect = forms.ChoiceField(label=_("方言"), required=False)
    language = forms.ChoiceField(label=_("语言"), required=False)
    speciality = forms.ChoiceField(label=_("特长"), required=False)
    genre = forms.ChoiceField(
        label=_("擅长题材"), required=False, choices=[("", _("不限")), *Drama.Genre.choices]
    )
    free_from = forms.DateField(label=_("档期空闲自"), required=False, widget=DATE)
    free_to = forms.DateField(label=_("至"), required=False, widget=DATE)
    certified = forms.BooleanField(label=_("已获培训证书"), required=False)
    q = forms.CharField(label=_("关键词"), required=False, max_length=40)

    def __init__(self, *args, options: dict[str, list[str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, values in (options or {}).items():
            self.fields[name].choices = [("", _("不限")), *((v, v) for v in values)]

    def clean(self):
        data = super().clean()
        if data.get("free_to") and data.get("free_from") and data["free_to"] < data["free_from"]:
            self.add_error("free_to", _("结束日期不能早于开始日期"))
        return data


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "code",
            "title",
            "category",
            "partner",
            "partner_name",
            "hours",
            "capacity",
            "pass_attendance",
            "status",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from microdrama.accounts.models import Organisation

        self.fields["partner"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.PLATFORM, is_active=True
        )


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["topic", "starts_at", "ends_at", "venue", "teacher"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("结束时间须晚于开始时间"))
        return data


class EnrolForm(forms.Form):
    number = forms.CharField(label=_("人才编号或姓名"), max_length=40)


class RoleForm(forms.ModelForm):
    languages = forms.CharField(label=_("语言"), required=False, help_text=TAG_HELP)
    dialects = forms.CharField(label=_("方言"), required=False, help_text=TAG_HELP)
    specialities = forms.CharField(label=_("特长"), required=False, help_text=TAG_HELP)

    class Meta:
        model = CastingRole
        fields = ["name", "kind", "gender", "age_min", "age_max", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("不限")), *Gender.choices]
        if self.instance.pk:
            for name in ("languages", "dialects", "specialities"):
                self.initial[name] = "、".join(getattr(self.instance, name))

    def clean(self):
        from .services.profiles import clean_tags

        data = super().clean()
        for name in ("languages", "dialects", "specialities"):
            data[name] = clean_tags(data.get(name) or "")
        lo, hi = data.get("age_min"), data.get("age_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("age_max", _("年龄上限不能小于下限"))
        return data

    def apply(self, role: CastingRole) -> CastingRole:
        for name in (
            "name",
            "kind",
            "gender",
            "age_min",
            "age_max",
            "description",
            "languages",
            "dialects",
            "specialities",
        ):
            setattr(role, name, self.cleaned_data[name])
        return role


class WindowForm(forms.Form):
    shoot_start = forms.DateField(label=_("开机日期"), required=False, widget=DATE)
    shoot_end = forms.DateField(label=_("杀青日期"), required=False, widget=DATE)


class EntryForm(forms.Form):
    status = forms.ChoiceField(label=_("进展"), choices=ShortlistEntry.Status.choices, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
