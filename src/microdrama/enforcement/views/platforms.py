"""Platform profiles (where notices go, how fast the platform agreed to act), kept by the centre."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from microdrama.accounts.access import role_required
from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import OrgKind, Role

from ..forms import PlatformProfileForm
from ..models import PlatformProfile
from ..models.access import is_centre
from .common import page


def _centre_only(user) -> None:
    if not is_centre(user):
        raise PermissionDenied


@role_required(Role.COPYRIGHT_OFFICER)
def platforms(request):
    _centre_only(request.user)
    orgs = (
        Organisation.objects.filter(kind=OrgKind.PLATFORM)
        .select_related("enforcement_profile")
        .order_by("name")
    )
    return render(request, "enforcement/platforms.html", page(orgs=orgs, tab="platforms"))


@role_required(Role.COPYRIGHT_OFFICER)
def platform_edit(request, org_id: int):
    _centre_only(request.user)
    org = get_object_or_404(Organisation, pk=org_id, kind=OrgKind.PLATFORM)
    profile = PlatformProfile.objects.filter(organisation=org).first() or PlatformProfile(organisation=org)
    form = PlatformProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存 %(org)s 的维权档案") % {"org": org})
        return redirect("enforcement:platforms")
    return render(request, "enforcement/platform_form.html", page(form=form, org=org, tab="platforms"))
