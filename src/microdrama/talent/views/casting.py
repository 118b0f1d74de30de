"""Casting pages: the company's dramas, a drama's roles and shortlist, matching a role, and the
shortlist as CSV. Only the drama's production company reaches any of it (others get 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required
from microdrama.filing.models import Drama

from ..forms import EntryForm, RoleForm, WindowForm
from ..models import CastingRole, ShortlistEntry, TalentProfile
from ..services import casting as svc
from .common import CREW_ROLES


def _drama(request, pk: int) -> Drama:
    drama = get_visible_or_404(Drama.objects.all(), request.user, pk=pk)
    if drama.company_id != request.user.organisation_id and not request.user.is_platform_admin:
        raise PermissionDenied  # e.g. filing-centre staff see dramas but do not cast
    return drama


def _errors(request, exc) -> None:
    if isinstance(exc, ValidationError):
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.error(request, str(exc))


@role_required(*CREW_ROLES)
def casting_index(request):
    org = request.user.organisation
    dramas = (
        Drama.objects.visible_to(request.user)
        .filter(company=org)
        .annotate(
            role_count=Count("casting_roles", distinct=True),
            entry_count=Count("casting_roles__entries", distinct=True),
        )
        .order_by("-updated_at")
    )
    return render(request, "talent/casting_index.html", {"dramas": dramas})


@role_required(*CREW_ROLES)
def casting_drama(request, pk: int):
    drama = _drama(request, pk)
    shortlist = svc.shortlist_for(request.user, drama)
    roles = list(
        CastingRole.objects.visible_to(request.user).filter(drama=drama).prefetch_related("entries__profile")
    )
    return render(
        request,
        "talent/casting_drama.html",
        {
            "drama": drama,
            "shortlist": shortlist,
            "roles": roles,
            "role_form": RoleForm(),
            "window_form": WindowForm(
                initial={"shoot_start": shortlist.shoot_start, "shoot_end": shortlist.shoot_end}
            ),
            "has_filed_leads": drama.creators.filter(role="lead").exclude(character="").exists(),
            "statuses": ShortlistEntry.Status.choices,
        },
    )


@role_required(*CREW_ROLES)
@require_POST
def roles_from_filing(request, pk: int):
    drama = _drama(request, pk)
    try:
        made = svc.roles_from_filing(request.user, drama)
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("已从备案主创导入 %(n)s 个角色") % {"n": len(made)}
            if made
            else _("备案主创的角色都已在列表中"),
        )
    return redirect("talent:casting", pk=pk)


@role_required(*CREW_ROLES)
@require_POST
def role_add(request, pk: int):
    drama = _drama(request, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            svc.save_role(request.user, form.apply(CastingRole(drama=drama, source=CastingRole.Source.TYPED)))
        except (ValidationError, PermissionDenied) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("角色已添加"))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("talent:casting", pk=pk)


@role_required(*CREW_ROLES)
@require_POST
def window(request, pk: int):
    drama = _drama(request, pk)
    form = WindowForm(request.POST)
    if form.is_valid():
        try:
            svc.set_window(
                request.user,
                svc.shortlist_for(request.user, drama),
                form.cleaned_data["shoot_start"],
                form.cleaned_data["shoot_end"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("拍摄周期已更新，匹配将按新档期计算"))
    return redirect("talent:casting", pk=pk)


@role_required(*CREW_ROLES)
def role_match(request, pk: int):
    role = get_visible_or_404(CastingRole.objects.select_related("drama"), request.user, pk=pk)
    form = RoleForm(request.POST or None, instance=role)
    if request.method == "POST" and form.is_valid():
        try:
            svc.save_role(request.user, form.apply(role))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("角色要求已更新，重新匹配"))
            return redirect("talent:role", pk=pk)
    shortlisted = set(role.entries.values_list("profile_id", flat=True))
    matches = svc.match_role(
        request.user, role, limit=int(request.GET.get("n", 20)) if request.GET.get("n", "").isdigit() else 20
    )
    return render(
        request,
        "talent/role_match.html",
        {
            "role": role,
            "drama": role.drama,
            "form": form,
            "matches": matches,
            "shortlisted": shortlisted,
            "shortlist": svc.shortlist_for(request.user, role.drama),
        },
    )


@role_required(*CREW_ROLES)
@require_POST
def role_delete(request, pk: int):
    role = get_visible_or_404(CastingRole.objects.select_related("drama"), request.user, pk=pk)
    drama_pk = role.drama_id
    svc.delete_role(request.user, role)
    messages.success(request, _("角色已删除"))
    return redirect("talent:casting", pk=drama_pk)


def _shortlist(request, role: CastingRole, profile: TalentProfile) -> None:
    """Add the profile to the role's shortlist and say how it went."""
    try:
        entry = svc.add_to_shortlist(request.user, role, profile)
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("已将 %(n)s 加入“%(r)s”的候选名单（匹配分 %(s)s）")
            % {"n": profile.name, "r": role.name, "s": entry.score},
        )


@role_required(*CREW_ROLES)
@require_POST
def shortlist_add(request, pk: int, profile_pk: int):
    role = get_visible_or_404(CastingRole.objects.select_related("drama"), request.user, pk=pk)
    profile = get_visible_or_404(TalentProfile.objects.all(), request.user, pk=profile_pk)
    _shortlist(request, role, profile)
    return redirect("talent:role", pk=pk)


@role_required(*CREW_ROLES)
@require_POST
def shortlist_from_profile(request, pk: int):
    """From a profile page: add this person to one of my dramas' roles (chosen in the form)."""
    profile = get_visible_or_404(TalentProfile.objects.all(), request.user, pk=pk)
    raw = request.POST.get("role", "")
    role = get_visible_or_404(
        CastingRole.objects.select_related("drama"), request.user, pk=int(raw) if raw.isdigit() else 0
    )
    _shortlist(request, role, profile)
    return redirect("talent:profile", pk=pk)


@role_required(*CREW_ROLES)
@require_POST
def entry_update(request, pk: int):
    entry = get_visible_or_404(ShortlistEntry.objects.select_related("role__drama"), request.user, pk=pk)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            svc.update_entry(
                request.user,
                entry,
                form.cleaned_data["status"] or None,
                form.cleaned_data["note"] if "note" in request.POST else None,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已更新 %(n)s 的进展") % {"n": entry.profile.name})
    return redirect("talent:casting", pk=entry.role.drama_id)


@role_required(*CREW_ROLES)
@require_POST
def entry_delete(request, pk: int):
    entry = get_visible_or_404(ShortlistEntry.objects.select_related("role__drama"), request.user, pk=pk)
    drama_pk = entry.role.drama_id
    svc.remove_entry(request.user, entry)
    messages.success(request, _("已移出候选名单"))
    return redirect("talent:casting", pk=drama_pk)


@role_required(*CREW_ROLES)
def shortlist_csv(request, pk: int):
    drama = _drama(request, pk)
    body = svc.export_shortlist(svc.shortlist_for(request.user, drama))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="shortlist-{drama.pk}.csv"'
    return response
