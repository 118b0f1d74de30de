"""What rights holders and the copyright centre do: register a work (automatically when an online
filing is approved, or by hand), issue watermarked distribution copies, and trace a leaked clip."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from microdrama.accounts.models import Organisation
from microdrama.accounts.roles import OrgKind, Role
from microdrama.media.errors import MediaError
from microdrama.media.probe import probe

from .models import DistributionCopy, LeakTrace, RegisteredEpisode, Work


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def can_register_for(user, owner: Organisation) -> bool:
    if user.is_platform_admin:
        return True
    if not user.has_role(Role.COPYRIGHT_OFFICER, Role.APPLICANT):
        return False
    org = user.organisation
    return bool(org) and (org.pk == owner.pk or org.kind == OrgKind.COPYRIGHT_CENTRE)


def create_work(user, owner: Organisation, title: str, filing_number: str = "", aliases=()) -> Work:
    if not can_register_for(user, owner):
        raise PermissionDenied(_("你不能为该权利人登记作品"))
    title = (title or "").strip().strip("《》")
    if not title:
        raise ValidationError(_("请填写作品名称"))
    if len(title) > 60:
        raise ValidationError(_("作品名称不能超过 60 个字"))
    if filing_number:
        from microdrama.filing import numbers

        try:
            filing_number = numbers.parse(filing_number).text
        except numbers.NumberError as exc:
            raise ValidationError(str(exc)) from exc
    return Work.objects.create(owner=owner, title=title, filing_number=filing_number, source=Work.Source.MANUAL,
                               aliases=[a.strip() for a in aliases if a.strip()], created_by=user)


def add_episode_file(work: Work, number: int, path: Path, original_name: str, *, link: bool = False) -> RegisteredEpisode:
    """File one episode for registration (the fingerprinting runs in the background)."""
    try:
        info = probe(path)
    except MediaError as exc:
        raise ValidationError(_("“%(name)s”不是可用的视频：%(why)s") % {"name": original_name, "why": exc}) from exc
    if number < 1:
        raise ValidationError(_("集数须为正整数"))
    digest = sha256_of(path)
    duplicate = RegisteredEpisode.objects.filter(sha256=digest).select_related("work").first()
    if duplicate:
        raise ValidationError(_("同一文件已登记为%(ep)s") % {"ep": duplicate})
    with transaction.atomic():
        if RegisteredEpisode.objects.select_for_update().filter(work=work, number=number).exists():
            raise ValidationError(_("第 %(n)s 集已经登记过") % {"n": number})
        episode = RegisteredEpisode(work=work, number=number, original_name=original_name[:200], size=info.size_bytes,
                                    sha256=digest, duration=info.duration)
        if link:
            _link_into_storage(episode, path)
        else:
            with open(path, "rb") as fh:
                episode.file.save(Path(original_name).name, File(fh), save=False)
        episode.save()
        from .tasks import register_episode

        transaction.on_commit(lambda: register_episode.delay(episode.pk))
    return episode


def _link_into_storage(episode: RegisteredEpisode, source: Path) -> None:
    """Hard-link (or copy) a file another app already stores, so registration keeps its own copy."""
    from django.conf import settings

    relative = episode.file.field.upload_to(episode, source.name)
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if target.exists():
            target.unlink()
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    episode.file.name = relative


def register_approved_filing(application) -> Work | None:
    """Receiver of filing's `online_filing_approved`: register every episode of the cut."""
    drama = application.drama
    existing = Work.objects.filter(drama_id=drama.pk).first()
    if existing:
        return existing
    with transaction.atomic():
        work = Work.objects.create(owner=drama.company, title=drama.title, filing_number=application.number or "",
                                   drama_id=drama.pk, source=Work.Source.FILING)
        for ep in application.episodes.all():
            if not ep.file or not Path(ep.file.path).exists():
                continue
            try:
                add_episode_file(work, ep.number, Path(ep.file.path), ep.original_name, link=True)
            except ValidationError:
                continue  # an episode registered before (e.g. by hand) stays as it was
    return work


# --- distribution copies --------------------------------------------------------------------------

def issue_copy(episode: RegisteredEpisode, recipient: Organisation, user) -> DistributionCopy:
    if not can_register_for(user, episode.work.owner):
        raise PermissionDenied(_("你不能为这部作品分发副本"))
    if episode.status != RegisteredEpisode.Status.REGISTERED:
        raise ValidationError(_("该集尚未完成登记，暂不能分发"))
    if recipient.kind not in (OrgKind.PLATFORM, OrgKind.PRODUCTION):
        raise ValidationError(_("接收方应为视频平台或发行方"))
    from microdrama.watermark.payload import format_payload, new_payload_id

    with transaction.atomic():
        copy = DistributionCopy.objects.create(episode=episode, recipient=recipient,
                                               payload=format_payload(new_payload_id()), issued_by=user)
        from .tasks import make_distribution_copy

        transaction.on_commit(lambda: make_distribution_copy.delay(copy.pk))
    return copy


def start_trace(user, upload_path: Path, original_name: str) -> LeakTrace:
    if not (user.is_platform_admin or user.has_role(Role.COPYRIGHT_OFFICER)):
        raise PermissionDenied(_("只有版权专员可以追查泄露来源"))
    try:
        probe(upload_path)
    except MediaError as exc:
        raise ValidationError(_("“%(name)s”不是可用的视频：%(why)s") % {"name": original_name, "why": exc}) from exc
    with transaction.atomic():
        trace = LeakTrace(requested_by=user, organisation=user.organisation, original_name=original_name[:200],
                          sha256=sha256_of(upload_path))
        with open(upload_path, "rb") as fh:
            trace.file.save(Path(original_name).name, File(fh), save=False)
        trace.save()
        from .tasks import trace_leak

        transaction.on_commit(lambda: trace_leak.delay(trace.pk))
    return trace
