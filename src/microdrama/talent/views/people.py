"""The talent pool: the centre's overview, search, profile pages, editing (officer or the person),
photo, showreel, portfolio, busy periods and account link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, has_role, role_required
from microdrama.accounts.roles import Role

from ..forms import BusyForm, CreditForm, LinkUserForm, ProfileForm, TalentSearchForm, UploadForm
from ..models import Course, Credit, Enrolment, TagCategory, TalentKind, TalentProfile, Unavailability
from ..models.profiles import is_verified
from ..services import profiles as svc
from ..services.search import TalentQuery, cities, search_profiles, tag_options
from .common import SECTION_ROLES, is_talent_officer


@login_required
def index(request):
    user = request.user
    if not has_role(user, *SECTION_ROLES):
        if TalentProfile.objects.filter(user=user).exists():
            return redirect("talent:me")
        raise PermissionDenied
    if not is_talent_officer(user):
        return redirect("talent:people")
    kinds = dict(TalentKind.choices)
    by_kind = [
        (str(kinds[r["kind"]]), r["n"])
        for r in TalentProfile.objects.values("kind").annotate(n=Count("pk")).order_by("-n")
    ]
    by_city = list(
        TalentProfile.objects.exclude(city="").values("city").annotate(n=Count("pk")).order_by("-n")[:8]
    )
    return render(
        request,
        "talent/index.html",
        {
            "total": TalentProfile.objects.count(),
            "published": TalentProfile.objects.published().count(),
            "linked": TalentProfile.objects.exclude(user=None).count(),
            "certified": Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
            .values("profile")
            .distinct()
            .count(),
            "courses": Course.objects.exclude(status=Course.Status.FINISHED).count(),
            "by_kind": by_kind,
            "by_city": by_city,
            "recent": TalentProfile.objects.order_by("-updated_at")[:8],
            "upcoming": Course.objects.exclude(status=Course.Status.FINISHED).order_by("-created_at")[:5],
        },
    )


def _options() -> dict[str, list[str]]:
    return {
        "city": cities(),
        "dialect": tag_options(TagCategory.DIALECT),
        "language": tag_options(TagCategory.LANGUAGE),
        "speciality": tag_options(TagCategory.SPECIALITY),
    }


@role_required(*SECTION_ROLES)
def people(request):
    form = TalentSearchForm(request.GET or None, options=_options())
    d = form.cleaned_data if form.is_bound and form.is_valid() else {}
    query = TalentQuery(
        kind=d.get("kind") or "",
        gender=d.get("gender") or "",
        age=d.get("age"),
        city=d.get("city") or "",
        language=d.get("language") or "",
        dialect=d.get("dialect") or "",
        speciality=d.get("speciality") or "",
        genre=d.get("genre") or "",
        text=d.get("q") or "",
        free_from=d.get("free_from"),
        free_to=d.get("free_to"),
        certified=bool(d.get("certified")),
    )
    page = Paginator(search_profiles(request.user, query).order_by("number"), 24).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "talent/people.html",
        {
            "form": form,
            "page": page,
            "params": params.urlencode(),
            "officer": is_talent_officer(request.user),
        },
    )


def _profile_queryset():
    return TalentProfile.objects.prefetch_related("tags", "busy", "credits__drama", "enrolments__course")


@login_required
def me(request):
    profile = TalentProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise Http404
    return redirect("talent:profile", pk=profile.pk)


@login_required
def profile_detail(request, pk: int):
    profile = get_visible_or_404(_profile_queryset(), request.user, pk=pk)
    user = request.user
    editable = TalentProfile.objects.editable_by(user).filter(pk=pk).exists()
    context = {
        "profile": profile,
        "editable": editable,
        "officer": is_talent_officer(user),
        "show_contact": is_verified(user) or profile.user_id == user.pk,
        "certificates": [e for e in profile.enrolments.all() if e.status == Enrolment.Status.COMPLETED],
        "training": [e for e in profile.enrolments.all() if e.status == Enrolment.Status.ENROLLED],
    }
    if editable:
        context.update(
            {
                "credit_form": CreditForm(dramas=svc.linkable_dramas(user)),
                "busy_form": BusyForm(),
                "upload_form": UploadForm(),
                "suggested": svc.suggested_credits(profile),
                "link_form": LinkUserForm(
                    initial={"username": profile.user.username if profile.user else ""}
                ),
            }
        )
    if has_role(user, Role.APPLICANT, Role.CREATOR) and not user.is_platform_admin:
        from ..models import CastingRole

        context["castable_roles"] = (
            CastingRole.objects.visible_to(user)
            .filter(kind=profile.kind)
            .select_related("drama")
            .order_by("drama__title", "order")
        )
    return render(request, "talent/profile_detail.html", context)


@login_required
def profile_edit(request, pk: int | None = None):
    user = request.user
    if pk is None:
        if not is_talent_officer(user):
            raise PermissionDenied
        profile = TalentProfile()
    else:
        profile = get_object_or_404(TalentProfile.objects.editable_by(user), pk=pk)
    officer = is_talent_officer(user)
    form = ProfileForm(request.POST or None, instance=profile, officer=officer)
    if request.method == "POST" and form.is_valid():
        try:
            saved = svc.save_profile(
                user, form.save(commit=False), form.tags(), changed=set(form.changed_data)
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("人才档案已保存"))
            return redirect("talent:profile", pk=saved.pk)
    return render(
        request,
        "talent/profile_form.html",
        {"form": form, "profile": profile if pk else None, "officer": officer},
    )


def _editable(request, pk: int) -> TalentProfile:
    return get_object_or_404(TalentProfile.objects.editable_by(request.user), pk=pk)


def _run(request, fn, ok: str):
    try:
        fn()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, ok)


@login_required
@require_POST
def photo_upload(request, pk: int):
    profile = _editable(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的照片"))
    else:
        _run(
            request,
            lambda: svc.set_photo(request.user, profile, form.cleaned_data["file"]),
            _("形象照已更新"),
        )
    return redirect("talent:profile", pk=pk)


@login_required
@require_POST
def showreel_upload(request, pk: int):
    profile = _editable(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的视频"))
    else:
        _run(
            request,
            lambda: svc.set_showreel(request.user, profile, form.cleaned_data["file"]),
            _("作品片段已上传"),
        )
    return redirect("talent:profile", pk=pk)


@login_required
@require_POST
def credit_add(request, pk: int):
    profile = _editable(request, pk)
    form = CreditForm(request.POST, dramas=svc.linkable_dramas(request.user))
    if not form.is_valid():
        messages.error(request, _("作品信息不完整：请填写担任的职务"))
    else:
        d = form.cleaned_data
        _run(
            request,
            lambda: svc.add_credit(
                request.user,
                profile,
                title=d["title"],
                position=d["position"],
                drama=d["drama"],
                character=d["character"],
                year=d["year"],
            ),
            _("作品已添加"),
        )
    return redirect("talent:profile", pk=pk)


@login_required
@require_POST
def credit_delete(request, pk: int, credit_pk: int):
    profile = _editable(request, pk)
    credit = get_object_or_404(Credit, pk=credit_pk, profile=profile)
    _run(request, lambda: svc.remove_credit(request.user, credit), _("作品已删除"))
    return redirect("talent:profile", pk=pk)


@login_required
@require_POST
def busy_add(request, pk: int):
    profile = _editable(request, pk)
    form = BusyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写档期的开始和结束日期"))
    else:
        d = form.cleaned_data
        _run(
            request,
            lambda: svc.add_busy(request.user, profile, d["start"], d["end"], d["note"]),
            _("档期已登记"),
        )
    return redirect("talent:profile", pk=pk)


@login_required
@require_POST
def busy_delete(request, pk: int, busy_pk: int):
    profile = _editable(request, pk)
    busy = get_object_or_404(Unavailability, pk=busy_pk, profile=profile)
    _run(request, lambda: svc.remove_busy(request.user, busy), _("档期已删除"))
    return redirect("talent:profile", pk=pk)


@role_required(Role.TALENT_OFFICER)
@require_POST
def link_user(request, pk: int):
    profile = get_object_or_404(TalentProfile, pk=pk)
    form = LinkUserForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: svc.link_user(request.user, profile, form.cleaned_data["username"]),
            _("账户关联已更新"),
        )
    return redirect("talent:profile", pk=pk)
