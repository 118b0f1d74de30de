"""Keeping talent profiles: the officer's pool and each person's own profile — details, tags,
headshot, showreel, portfolio (credits linked to filed dramas) and busy periods."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from microdrama.accounts.models import User
from microdrama.filing.models import Drama, DramaCreator
from microdrama.locations.photos import process_photo

from ..models import Credit, ProfileTag, TagCategory, TalentProfile, Unavailability
from ..models.profiles import is_talent_officer

SHOWREEL_TYPES = {".mp4", ".mov", ".m4v", ".webm"}
SHOWREEL_MAX_BYTES = 300 * 1024 * 1024
SHOWREEL_MAX_SECONDS = 15 * 60
MAX_TAGS_PER_CATEGORY = 20
# Fields the person may change on their own profile (they may also publish or hide it); name, kind and
# the account link stay with the talent officer, and only the officer archives a profile.
SELF_EDITABLE = {"headline", "bio", "city", "school", "height_cm", "age_min", "age_max", "phone", "email",
                 "wechat", "agent", "showreel_url", "status"}  # fmt: skip


def check_can_edit(user, profile: TalentProfile) -> None:
    if not TalentProfile.objects.editable_by(user).filter(pk=profile.pk).exists():
        raise PermissionDenied(_("只有本人或人才运营可以修改这份档案"))


def number_prefix(kind: str) -> str:
    return f"RC-{kind.replace('_', '')[:3].upper()}-"


def next_number(kind: str) -> str:
    """RC-ACT-0001 style numbers, per kind, never reused."""
    prefix = number_prefix(kind)
    last = (
        TalentProfile.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:04d}"


def save_profile(
    user, profile: TalentProfile, tags: dict[str, list[str]] | None = None, changed: set[str] | None = None
) -> TalentProfile:
    """Create or update a profile (fields already assigned) and, when given, replace its tags."""
    if profile.pk:
        check_can_edit(user, profile)
        if (
            not is_talent_officer(user)
            and changed
            and "status" in changed
            and profile.status == TalentProfile.Status.ARCHIVED
        ):
            raise PermissionDenied(_("只有人才运营可以归档人才档案"))
        if not is_talent_officer(user) and changed and changed - SELF_EDITABLE - {"tags"}:
            raise PermissionDenied(
                _("这些信息由人才中心维护：%(f)s") % {"f": "、".join(sorted(changed - SELF_EDITABLE))}
            )
    elif not is_talent_officer(user):
        raise PermissionDenied(_("只有人才运营可以建立人才档案"))
    if not profile.number:
        profile.number = next_number(profile.kind)
    profile.full_clean()
    with transaction.atomic():
        profile.save()
        if tags is not None:
            set_tags(profile, tags)
    return profile


def clean_tags(values) -> list[str]:
    if isinstance(values, str):
        for sep in ("、", "，", ",", ";", "；", "/"):
            values = values.replace(sep, " ")
        values = values.split()
    out = list(dict.fromkeys(str(v).strip()[:30] for v in values if str(v).strip()))
    if len(out) > MAX_TAGS_PER_CATEGORY:
        raise ValidationError(_("每类标签最多 %(n)s 个") % {"n": MAX_TAGS_PER_CATEGORY})
    return out


def set_tags(profile: TalentProfile, tags: dict[str, list[str]]) -> None:
    for category, values in tags.items():
        if category not in TagCategory.values:
            raise ValidationError(_("未知的标签类别：%(c)s") % {"c": category})
        values = clean_tags(values)
        profile.tags.filter(category=category).exclude(value__in=values).delete()
        existing = set(profile.tags.filter(category=category).values_list("value", flat=True))
        ProfileTag.objects.bulk_create(
            [ProfileTag(profile=profile, category=category, value=v) for v in values if v not in existing]
        )


def set_photo(user, profile: TalentProfile, upload) -> TalentProfile:
    check_can_edit(user, profile)
    processed = process_photo(upload, stem=uuid.uuid4().hex[:12], thumb_size=(300, 400))
    old = [f.name for f in (profile.photo, profile.photo_thumb) if f]
    profile.photo.save(processed.image.name, processed.image, save=False)
    profile.photo_thumb.save(processed.thumbnail.name, processed.thumbnail, save=False)
    profile.save(update_fields=["photo", "photo_thumb", "updated_at"])
    storage = profile.photo.storage
    transaction.on_commit(lambda: [storage.delete(n) for n in old])
    return profile


def set_showreel(user, profile: TalentProfile, upload) -> TalentProfile:
    """Store an uploaded showreel after checking that it really is a short video."""
    check_can_edit(user, profile)
    from microdrama.media.errors import MediaError
    from microdrama.media.probe import probe

    name = upload.name or "showreel"
    ext = Path(name).suffix.lower()
    if ext not in SHOWREEL_TYPES:
        raise ValidationError(_("作品片段须为 MP4、MOV 或 WebM 视频，而不是“%(name)s”") % {"name": name})
    if upload.size == 0:
        raise ValidationError(_("文件“%(name)s”是空的") % {"name": name})
    if upload.size > SHOWREEL_MAX_BYTES:
        raise ValidationError(_("作品片段不能超过 300 MB"))
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=ext) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            info = probe(Path(tmp.name))
        except MediaError as exc:
            raise ValidationError(_("无法读取视频“%(name)s”：%(err)s") % {"name": name, "err": exc}) from exc
    if not info.duration:
        raise ValidationError(_("“%(name)s”里没有可播放的画面") % {"name": name})
    if info.duration > SHOWREEL_MAX_SECONDS:
        raise ValidationError(_("作品片段不能超过 15 分钟"))
    upload.seek(0)
    old = profile.showreel.name if profile.showreel else None
    profile.showreel.save(f"showreel-{uuid.uuid4().hex[:8]}{ext}", upload, save=False)
    profile.save(update_fields=["showreel", "updated_at"])
    if old:
        storage = profile.showreel.storage
        transaction.on_commit(lambda: storage.delete(old))
    return profile


def linkable_dramas(user):
    """Dramas a credit may point at: those that hold a filing number (public record), and the
    user's own company's dramas."""
    q = Q(applications__number__isnull=False)
    if user.organisation_id:
        q |= Q(company_id=user.organisation_id)
    return Drama.objects.filter(q).distinct().order_by("title")


def add_credit(
    user,
    profile: TalentProfile,
    *,
    title: str = "",
    position: str,
    drama: Drama | None = None,
    character: str = "",
    year: int | None = None,
) -> Credit:
    check_can_edit(user, profile)
    if drama is not None:
        if not linkable_dramas(user).filter(pk=drama.pk).exists():
            raise ValidationError(_("只能关联已取得备案号的剧目"))
        title = drama.title
        year = year or drama.created_at.year
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("请填写作品名，或选择一部备案剧目"))
    credit = Credit(
        profile=profile,
        drama=drama,
        title=title,
        position=(position or "").strip(),
        character=(character or "").strip(),
        year=year,
    )
    credit.full_clean()
    credit.save()
    return credit


def remove_credit(user, credit: Credit) -> None:
    check_can_edit(user, credit.profile)
    credit.delete()


def suggested_credits(profile: TalentProfile) -> list[DramaCreator]:
    """Filed dramas whose creators list this person's name, not yet in the portfolio."""
    linked = set(profile.credits.exclude(drama=None).values_list("drama_id", flat=True))
    return [
        c
        for c in DramaCreator.objects.filter(name=profile.name)
        .select_related("drama")
        .filter(drama__applications__number__isnull=False)
        .distinct()
        if c.drama_id not in linked
    ]


def add_busy(user, profile: TalentProfile, start: date, end: date, note: str = "") -> Unavailability:
    check_can_edit(user, profile)
    if end < start:
        raise ValidationError(_("结束日期不能早于开始日期"))
    if (end - start).days > 366:
        raise ValidationError(_("一段档期占用最长一年"))
    busy = Unavailability(profile=profile, start=start, end=end, note=(note or "")[:80])
    busy.full_clean()
    busy.save()
    return busy


def remove_busy(user, busy: Unavailability) -> None:
    check_can_edit(user, busy.profile)
    busy.delete()


def link_user(officer, profile: TalentProfile, username: str) -> TalentProfile:
    """Let a person's account edit their own profile (or unlink with an empty name)."""
    if not is_talent_officer(officer):
        raise PermissionDenied(_("只有人才运营可以关联账户"))
    username = (username or "").strip()
    if not username:
        profile.user = None
    else:
        account = User.objects.filter(username=username, is_active=True).first()
        if account is None:
            raise ValidationError(_("没有用户名为“%(u)s”的有效账户") % {"u": username})
        profile.user = account
    try:
        with transaction.atomic():
            profile.save(update_fields=["user", "updated_at"])
    except IntegrityError:
        raise ValidationError(_("账户“%(u)s”已关联了另一份档案") % {"u": username}) from None
    return profile


def has_own_profile(user) -> bool:
    """Whether this person looks after a talent profile of their own (they get the talent centre in
    their navigation even without a role)."""
    return bool(getattr(user, "is_authenticated", False)) and TalentProfile.objects.filter(user=user).exists()
