"""Copyright centre pages for registration: works and their episodes, certificates (and their
public check), distribution copies, leak tracing and the evidence log."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from microdrama.accounts.access import get_visible_or_404, role_required
from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import OrgKind, Role
from microdrama.hub.downloads import serve_file

from . import certificate, evidence, reference_index, services
from .models import DistributionCopy, EvidenceEntry, LeakTrace, RegisteredEpisode, Work

RIGHTS_ROLES = (Role.COPYRIGHT_OFFICER, Role.APPLICANT, Role.PLATFORM_CONTACT)


def is_centre(user) -> bool:
    return user.is_platform_admin or (user.organisation and user.organisation.kind == OrgKind.COPYRIGHT_CENTRE)


class WorkForm(forms.Form):
    owner = forms.ModelChoiceField(label=gettext_lazy("权利人"), queryset=Organisation.objects.none())
    title = forms.CharField(label=gettext_lazy("作品名称"), max_length=60)
    filing_number = forms.CharField(label=gettext_lazy("备案号"), max_length=60, required=False)
    aliases = forms.CharField(label=gettext_lazy("别名、角色名（用于全网搜索）"), required=False,
                              help_text=gettext_lazy("用逗号或换行分隔"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owners = Organisation.objects.filter(kind=OrgKind.PRODUCTION)
        if not is_centre(user):
            owners = owners.filter(pk=user.organisation_id)
        self.fields["owner"].queryset = owners
        if owners.count() == 1:
            self.fields["owner"].initial = owners.first()


@role_required(*RIGHTS_ROLES)
def index(request):
    user = request.user
    if user.has_role(Role.PLATFORM_CONTACT) and not user.is_platform_admin:
        return redirect("rights:copies")
    works = Work.objects.visible_to(user).select_related("owner").prefetch_related("episodes")
    return render(request, "rights/index.html", {
        "works": works, "is_centre": is_centre(user), "index": reference_index.info(),
        "head": evidence.latest_head(),
    })


@role_required(Role.COPYRIGHT_OFFICER, Role.APPLICANT)
def work_create(request):
    form = WorkForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        aliases = [a for part in d["aliases"].replace("，", ",").splitlines() for a in part.split(",")]
        try:
            work = services.create_work(request.user, d["owner"], d["title"], d["filing_number"], aliases)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("作品已创建，请上传各集视频进行登记"))
            return redirect("rights:work", work.pk)
    return render(request, "rights/work_form.html", {"form": form})


@role_required(*RIGHTS_ROLES)
def work_detail(request, pk: int):
    work = get_visible_or_404(Work.objects.select_related("owner"), request.user, pk=pk)
    episodes = list(work.episodes.prefetch_related("copies__recipient"))
    can_manage = services.can_register_for(request.user, work.owner)
    return render(request, "rights/work_detail.html", {
        "work": work, "episodes": episodes, "can_manage": can_manage,
        "platforms": Organisation.objects.filter(kind=OrgKind.PLATFORM),
        "next_number": max((e.number for e in episodes), default=0) + 1,
    })


@role_required(*RIGHTS_ROLES)
def episode_status(request, pk: int):
    episode = get_visible_or_404(RegisteredEpisode.objects.select_related("work"), request.user, pk=pk)
    return render(request, "rights/_episode_row.html", {"ep": episode, "work": episode.work,
                                                        "can_manage": services.can_register_for(request.user,
                                                                                                episode.work.owner),
                                                        "platforms": Organisation.objects.filter(kind=OrgKind.PLATFORM)})


@role_required(*RIGHTS_ROLES)
def certificate_pdf(request, pk: int):
    episode = get_visible_or_404(RegisteredEpisode.objects.select_related("work__owner", "evidence"), request.user,
                                 pk=pk)
    if episode.evidence is None:
        raise Http404
    response = HttpResponse(certificate.render(episode), content_type="application/pdf")
    name = f"certificate-{episode.certificate_code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def certificate_public(request, code):
    """Public: anyone with a certificate's code checks it against the log. No login."""
    episode = get_object_or_404(RegisteredEpisode.objects.select_related("work__owner", "evidence"),
                                certificate_code=code, evidence__isnull=False)
    proof = evidence.prove(episode.evidence)
    check = evidence.check_entry(episode.evidence.data, proof.as_dict())
    return render(request, "rights/certificate_public.html", {
        "episode": episode, "proof": proof, "check": check, "data": json.loads(episode.evidence.data),
        "public_key": evidence.public_key_b64(),
    })


@require_POST
@role_required(Role.COPYRIGHT_OFFICER, Role.APPLICANT)
def issue_copy(request, pk: int):
    episode = get_visible_or_404(RegisteredEpisode.objects.select_related("work__owner"), request.user, pk=pk)
    recipient = Organisation.objects.filter(pk=request.POST.get("recipient"), kind=OrgKind.PLATFORM).first()
    if recipient is None:
        messages.error(request, _("请选择接收平台"))
    else:
        try:
            copy = services.issue_copy(episode, recipient, request.user)
            messages.success(request, _("正在为 %(r)s 生成带水印的副本（编号 %(p)s）") % {"r": recipient, "p": copy.payload})
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("rights:work", episode.work_id)


@role_required(*RIGHTS_ROLES)
def copies(request):
    """Copies issued to my organisation (platforms), or by it (rights holders)."""
    items = DistributionCopy.objects.visible_to(request.user).select_related("episode__work", "recipient")
    return render(request, "rights/copies.html", {"copies": items})


@role_required(*RIGHTS_ROLES)
def copy_download(request, pk: int):
    copy = get_visible_or_404(DistributionCopy.objects.select_related("episode__work"), request.user, pk=pk)
    if copy.status != DistributionCopy.Status.READY:
        raise Http404
    if request.user.organisation_id == copy.recipient_id and copy.downloaded_at is None:
        from django.utils import timezone

        DistributionCopy.objects.filter(pk=copy.pk).update(downloaded_at=timezone.now())
    return serve_file(request, copy.file.path, Path(copy.file.name).name, inline=False, content_type="video/mp4")


@role_required(Role.COPYRIGHT_OFFICER)
def trace(request):
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or upload.size == 0:
            messages.error(request, _("请选择要追查的视频文件"))
        else:
            tmp_dir = Path(settings.VAR_DIR) / "tmp"
            tmp_dir.mkdir(exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=tmp_dir, suffix=Path(upload.name).suffix) as tmp:
                for chunk in upload.chunks():
                    tmp.write(chunk)
                tmp.flush()
                try:
                    item = services.start_trace(request.user, Path(tmp.name), upload.name)
                except (ValidationError, PermissionDenied) as exc:
                    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
                else:
                    return redirect(f"{request.path}?trace={item.pk}")
    traces = LeakTrace.objects.filter(organisation=request.user.organisation).select_related(
        "copy__recipient", "copy__episode__work")[:20]
    current = traces.filter(pk=request.GET.get("trace")).first() if request.GET.get("trace", "").isdigit() else None
    return render(request, "rights/trace.html", {"traces": traces, "current": current})


@role_required(*RIGHTS_ROLES)
def evidence_log(request):
    result = evidence.verify_log() if request.GET.get("verify") and is_centre(request.user) else None
    return render(request, "rights/log.html", {
        "head": evidence.latest_head(),
        # entries name owners and works: only the centre sees the list; anyone can check a certificate
        "entries": EvidenceEntry.objects.order_by("-index")[:30] if is_centre(request.user) else [],
        "public_key": evidence.public_key_b64(), "key_id": evidence.key_id(), "result": result,
        "is_centre": is_centre(request.user),
    })
