"""Forms of the shooting base: search, set editing, photos, booking requests, decisions, CSV and plans."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microdrama.filing.models import Drama

from .models import Base, Facility, Set, SetKind
from .services.availability import MAX_SPAN_DAYS
from .services.search import SORTS, SetQuery

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MODE_CHOICES = [("day", _("全天")), ("am", _("上午")), ("pm", _("下午"))]


class SearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别")), *SetKind.choices])
    set_type = forms.CharField(
        label=_("场景类型"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"list": "set-types", "placeholder": _("如 80年代筒子楼")}),
    )
    city = forms.ChoiceField(label=_("城市"), required=False)
    date_from = forms.DateField(label=_("空闲开始"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("空闲结束"), required=False, widget=DATE)
    mode = forms.ChoiceField(label=_("时段"), required=False, choices=MODE_CHOICES, initial="day")
    max_rate = forms.DecimalField(
        label=_("日租金上限（元）"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    min_capacity = forms.IntegerField(label=_("至少容纳（人）"), required=False, min_value=1, max_value=10000)
    min_area = forms.IntegerField(label=_("面积至少（㎡）"), required=False, min_value=1, max_value=1000000)
    facilities = forms.MultipleChoiceField(
        label=_("设施"), required=False, choices=Facility.choices, widget=forms.CheckboxSelectMultiple
    )
    q = forms.CharField(label=_("关键词"), required=False, max_length=40)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("price", _("价格从低到高")),
            ("-price", _("价格从高到低")),
            ("capacity", _("容纳人数")),
            ("area", _("面积")),
            ("city", _("城市")),
        ],
    )

    def __init__(self, *args, cities: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("全部城市"))] + [(c, c) for c in cities]

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if last and not first:
            data["date_from"] = first = last
        if first and last and last < first:
            self.add_error("date_to", _("结束日期不能早于开始日期"))
        if first and first < timezone.localdate():
            self.add_error("date_from", _("不能查询今天之前的档期"))
        if first and last and (last - first).days + 1 > MAX_SPAN_DAYS:
            self.add_error("date_to", _("一次最多查询 %(n)s 天") % {"n": MAX_SPAN_DAYS})
        return data

    def query(self) -> SetQuery:
        d = self.cleaned_data if self.is_valid() else {}
        return SetQuery(
            kind=d.get("kind") or "",
            set_type=d.get("set_type") or "",
            city=d.get("city") or "",
            text=d.get("q") or "",
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            mode=d.get("mode") or "day",
            max_rate=d.get("max_rate"),
            min_capacity=d.get("min_capacity"),
            min_area=d.get("min_area"),
            facilities=d.get("facilities") or [],
            sort=d.get("sort") if d.get("sort") in SORTS else "price",
        )


class SetForm(forms.ModelForm):
    facilities = forms.MultipleChoiceField(
        label=_("设施"), required=False, choices=Facility.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Set
        fields = [
            "base",
            "code",
            "name",
            "kind",
            "set_type",
            "floor_area",
            "capacity",
            "day_rate",
            "half_day_rate",
            "facilities",
            "status",
            "contact_name",
            "contact_phone",
            "rules",
            "description",
        ]
        widgets = {
            "rules": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = Base.objects.managed_by(user)
        self.fields["facilities"].widget.attrs["class"] = "checks"
        if self.instance.pk:
            self.initial["facilities"] = self.instance.facilities


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("照片"),
        help_text=_("JPG、PNG 或 WebP，不超过 15 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("说明"), required=False, max_length=80)


class BookingForm(forms.Form):
    drama = forms.ModelChoiceField(
        label=_("剧目"), queryset=Drama.objects.none(), empty_label=_("请选择本机构的剧目")
    )
    first_date = forms.DateField(label=_("开始日期"), widget=DATE)
    last_date = forms.DateField(label=_("结束日期"), widget=DATE)
    mode = forms.ChoiceField(label=_("时段"), choices=MODE_CHOICES, initial="day", widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("备注"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("剧组人数、进场时间、特殊需求")}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        org = getattr(user, "organisation", None)
        self.fields["drama"].queryset = (
            Drama.objects.visible_to(user).filter(company=org) if org else Drama.objects.none()
        )
        self.fields["mode"].widget.attrs["class"] = "checks"
        if not self.is_bound:
            start = timezone.localdate() + timedelta(days=1)
            self.initial.setdefault("first_date", start)
            self.initial.setdefault("last_date", start)

    def clean(self):
        data = super().clean()
        if data.get("first_date") and data.get("last_date") and data["last_date"] < data["first_date"]:
            self.add_error("last_date", _("结束日期不能早于开始日期"))
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("意见"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV 文件"),
        help_text=_("UTF-8 或 GBK 编码（Excel“另存为 CSV”即可），不超过 2 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


SCENES_HELP = _("每行一个场景：场景类型，描述，场次，时长（分钟），类别。后三项可省略；可直接从 Excel 粘贴。")


class PlanForm(forms.Form):
    drama = forms.ModelChoiceField(
        label=_("剧目"), queryset=Drama.objects.none(), empty_label=_("请选择本机构的剧目")
    )
    title = forms.CharField(label=_("计划名称"), required=False, max_length=60)
    start_date = forms.DateField(label=_("开机日期"), widget=DATE)
    preferred_city = forms.ChoiceField(label=_("优先城市"), required=False)
    scenes = forms.CharField(
        label=_("场景清单"),
        help_text=SCENES_HELP,
        widget=forms.Textarea(
            attrs={"rows": 10, "placeholder": "80年代筒子楼，母女争吵，3，4.5，年代\n医院，急诊室重逢，2"}
        ),
    )

    def __init__(self, *args, user=None, cities: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        org = getattr(user, "organisation", None)
        self.fields["drama"].queryset = (
            Drama.objects.visible_to(user).filter(company=org) if org else Drama.objects.none()
        )
        self.fields["preferred_city"].choices = [("", _("不限"))] + [(c, c) for c in cities]
        if not self.is_bound:
            self.initial.setdefault("start_date", timezone.localdate() + timedelta(days=7))


class ScenesForm(forms.Form):
    scenes = forms.CharField(
        label=_("场景清单"), help_text=SCENES_HELP, widget=forms.Textarea(attrs={"rows": 10})
    )


class GroupForm(forms.Form):
    half_days = forms.IntegerField(label=_("所需半天数"), min_value=1, max_value=60, required=False)
    order = forms.IntegerField(label=_("顺序"), min_value=0, max_value=500, required=False)
