"""What people do in the filing centre: file a drama, submit, accept, ask for 补正, resubmit, decide,
report and record the official number. Views and API endpoints only call these functions."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microdrama.accounts.models import User
from microdrama.accounts.roles import Role
from microdrama.hub.notifications import notify

from . import numbers
from .classification import ClassificationError, classify
from .models import (
    Application,
    ApplicationEvent,
    Attachment,
    Drama,
    DramaCreator,
    Episode,
    Message,
    ReviewAssignment,
    Stage,
    State,
)
from .models.applications import OPEN_STATES
from .signals import online_filing_approved
from .titles import screen_title
from .workflow import TransitionError, transition

DURATION_TOLERANCE = Decimal("0.05")  # declared total vs episodes × minutes
CUT_DURATION_TOLERANCE = 0.10  # uploaded episodes vs declared total
REQUIRED_PLANNING_MATERIALS = [
    ({Attachment.Kind.SCRIPT, Attachment.Kind.OUTLINE}, gettext_lazy("剧本或分集大纲")),
    ({Attachment.Kind.SCRIPT_PLEDGE}, gettext_lazy("剧本创作承诺书")),
    ({Attachment.Kind.COST_REPORT}, gettext_lazy("成本配置报告")),
]


def check_declared_duration(episodes: int, minutes_per_episode: Decimal, total_minutes: Decimal) -> None:
    expected = Decimal(episodes) * minutes_per_episode
    if expected and abs(total_minutes - expected) > expected * DURATION_TOLERANCE:
        raise ValidationError(
            _("总时长 %(total)s 分钟与 %(n)s 集 × %(m)s 分钟 = %(expected)s 分钟不符（允许误差 5%%）")
            % {"total": total_minutes, "n": episodes, "m": minutes_per_episode, "expected": expected},
            code="duration_mismatch",
        )


def drama_url(drama: Drama) -> str:
    return reverse("filing:drama", args=[drama.pk])


# --- dramas and materials ------------------------------------------------------------------------

def create_drama(user, *, creators: list[dict] | None = None, platforms=(), **fields) -> Drama:
    if not user.has_role(Role.APPLICANT) or user.organisation is None:
        raise PermissionDenied(_("只有制作机构的申报人可以新建剧目"))
    check_declared_duration(fields["episodes"], fields["minutes_per_episode"], fields["total_minutes"])
    drama = Drama(company=user.organisation, created_by=user, **fields)
    drama.full_clean()
    try:
        with transaction.atomic():
            drama.save()
            drama.planned_platforms.set(platforms)
            for c in creators or []:
                drama.creators.create(**c)
    except IntegrityError:
        raise ValidationError({"title": _("本机构已有同名剧目《%(title)s》") % {"title": drama.title}}) from None
    return drama


def update_drama(drama: Drama, user, *, creators: list[dict] | None = None, platforms=None, **fields) -> Drama:
    if drama.applications.filter(state__in=OPEN_STATES - {State.NEEDS_REVISION}).exists():
        raise ValidationError(_("申请正在处理中，剧目信息暂不能修改；如需修改请联系剧管家"))
    if drama.applications.filter(state__in=[State.PASSED, State.REPORTED, State.NUMBERED], stage=Stage.PLANNING).exists():
        locked = {"title", "investment", "special_topics"} & set(fields)
        changed = [f for f in locked if getattr(drama, f) != fields[f]]
        if changed:
            raise ValidationError(_("规划备案已通过，剧名、投资额和特殊题材不能再修改"))
    for name, value in fields.items():
        setattr(drama, name, value)
    drama.prefilled = False  # a person has now reviewed and completed the declaration
    check_declared_duration(drama.episodes, drama.minutes_per_episode, drama.total_minutes)
    drama.full_clean()
    with transaction.atomic():
        drama.save()
        if platforms is not None:
            drama.planned_platforms.set(platforms)
        if creators is not None:
            drama.creators.all().delete()
            for c in creators:
                drama.creators.create(**c)
    return drama


ATTACHMENT_TYPES = {
    ".pdf": b"%PDF", ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04", ".doc": b"\xd0\xcf\x11\xe0",
    ".xls": b"\xd0\xcf\x11\xe0", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG", ".txt": b"",
    ".md": b"", ".fountain": b"",
}
ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024


def add_attachment(drama: Drama, user, kind: str, upload) -> Attachment:
    """Store one material after checking its type by extension *and* content, and its size."""
    name = upload.name or ""
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if kind not in Attachment.Kind.values:
        raise ValidationError(_("未知的材料类型"))
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError(_("不支持的文件类型“%(ext)s”。可上传 PDF、Word、Excel、图片或文本文件") % {"ext": ext or name})
    if upload.size == 0:
        raise ValidationError(_("文件“%(name)s”是空的") % {"name": name})
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("文件“%(name)s”超过 50 MB") % {"name": name})
    head = upload.read(8)
    upload.seek(0)
    magic = ATTACHMENT_TYPES[ext]
    if magic and not head.startswith(magic):
        raise ValidationError(_("文件“%(name)s”的内容与扩展名不符，可能已损坏") % {"name": name})
    if not magic:
        try:
            upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_("文本文件“%(name)s”不是 UTF-8 编码") % {"name": name}) from None
        finally:
            upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Attachment.objects.create(drama=drama, kind=kind, file=upload, original_name=name[:200],
                                     size=upload.size, sha256=digest.hexdigest(), uploaded_by=user)


# --- applications --------------------------------------------------------------------------------

def start_application(drama: Drama, stage: str, user) -> Application:
    if user.organisation_id != drama.company_id and not user.is_platform_admin:
        raise PermissionDenied
    if stage == Stage.ONLINE and not drama.applications.filter(stage=Stage.PLANNING, state=State.NUMBERED).exists():
        raise ValidationError(_("取得规划备案号后才能申请上线备案"))
    existing = drama.applications.filter(stage=stage).exclude(state__in=[State.REJECTED, State.WITHDRAWN]).first()
    if existing:
        return existing
    return Application.objects.create(drama=drama, stage=stage)


def least_loaded_case_manager() -> User | None:
    """The active case manager with the fewest open applications (ties: fewest in total, then oldest)."""
    return (
        User.objects.filter(is_active=True, role_grants__role=Role.CASE_MANAGER)
        .annotate(open_load=Count("cases", filter=Q(cases__state__in=OPEN_STATES), distinct=True),
                  total=Count("cases", distinct=True))
        .order_by("open_load", "total", "pk")
        .first()
    )


def _missing_materials(drama: Drama) -> list[str]:
    kinds = set(drama.attachments.values_list("kind", flat=True))
    return [str(label) for allowed, label in REQUIRED_PLANNING_MATERIALS if not kinds & allowed]


def _check_cut(app: Application) -> None:
    drama = app.drama
    episodes = list(app.episodes.all())
    numbers_present = {e.number for e in episodes}
    missing = [n for n in range(1, drama.episodes + 1) if n not in numbers_present]
    if missing:
        shown = "、".join(str(n) for n in missing[:10]) + ("…" if len(missing) > 10 else "")
        raise ValidationError(_("还缺第 %(eps)s 集的成片，请全部上传后再提交") % {"eps": shown})
    waiting = [e.number for e in episodes if e.qc_status in (Episode.QC.PENDING, Episode.QC.RUNNING)]
    if waiting:
        raise ValidationError(_("第 %(eps)s 集的技术检测尚未完成，请稍候再提交") % {"eps": "、".join(map(str, waiting))})
    broken = [e.number for e in episodes if e.qc_status == Episode.QC.ERROR]
    if broken:
        raise ValidationError(_("第 %(eps)s 集的文件无法读取，请重新上传") % {"eps": "、".join(map(str, broken))})
    total = sum(e.duration or 0 for e in episodes) / 60
    declared = float(drama.total_minutes)
    if abs(total - declared) > declared * CUT_DURATION_TOLERANCE:
        raise ValidationError(_("成片总时长 %(total).1f 分钟与申报的 %(declared).1f 分钟相差超过 10%%")
                              % {"total": total, "declared": declared})


def submit(app: Application, user, note: str = "") -> Application:
    drama = app.drama
    if drama.prefilled:
        raise ValidationError(_("这部剧由 AI 创作实验室预填，请先编辑剧目、填写真实的总投资等信息后再提交"))
    if app.stage == Stage.PLANNING:
        missing = _missing_materials(drama)
        if missing:
            raise ValidationError(_("还缺少申报材料：%(items)s") % {"items": "、".join(missing)})
    today = timezone.localdate()
    try:
        result = classify(drama.investment, today, drama.special_topics, drama.platform_recommended,
                          drama.producer_opt_in)
    except ClassificationError as exc:
        raise ValidationError(str(exc)) from exc

    def check(locked: Application) -> None:
        if locked.stage == Stage.ONLINE:
            _check_cut(locked)

    with transaction.atomic():
        transition(app, "submit", user, reason=note, check=check,
                   data={"tier": result.tier, "rule": result.rule.version_label})
        manager = drama.case_manager or least_loaded_case_manager()
        if drama.case_manager is None and manager is not None:
            Drama.objects.filter(pk=drama.pk).update(case_manager=manager)
        Application.objects.filter(pk=app.pk).update(
            tier=result.tier, rule=result.rule, classification=result.as_dict(), case_manager=manager,
            title_flags=screen_title(drama.title),
        )
    app.refresh_from_db()
    notify([manager], f"filing:{app.pk}:submitted:{app.submitted_at:%s}",
           _("新的%(stage)s申请：%(drama)s") % {"stage": app.get_stage_display(), "drama": drama},
           _("%(company)s 提交了%(stage)s申请，类别：%(tier)s。") % {
               "company": drama.company, "stage": app.get_stage_display(), "tier": app.get_tier_display()},
           drama_url(drama))
    return app


def accept(app: Application, user, note: str = "", expected_version: int | None = None) -> Application:
    transition(app, "accept", user, reason=note, expected_version=expected_version)
    tell_company(app, "accepted", _("%(drama)s 的%(stage)s申请已受理"),
                  _("剧管家 %(manager)s 已受理，审核时限从下一个工作日起计算。"))
    return app


def request_revision(app: Application, user, missing_items: list[str], note: str = "",
                     expected_version: int | None = None) -> Application:
    items = [i.strip() for i in missing_items if i and i.strip()]
    if not items:
        raise ValidationError(_("请逐条写明需要补正的内容"))
    with transaction.atomic():
        event = transition(app, "request_revision", user, reason=note, data={"missing": items},
                           expected_version=expected_version)
        Message.objects.create(drama=app.drama, author=user, text=note or _("请补正以下内容："), missing_items=items)
    tell_company(app, f"revision:{event.pk}", _("%(drama)s 需要补正"),
                  _("请补正：") + "；".join(items), level="warning")
    return app


def resubmit(app: Application, user, note: str = "") -> Application:
    def check(locked: Application) -> None:
        if locked.stage == Stage.PLANNING:
            missing = _missing_materials(locked.drama)
            if missing:
                raise ValidationError(_("还缺少申报材料：%(items)s") % {"items": "、".join(missing)})
        else:
            _check_cut(locked)

    event = transition(app, "resubmit", user, reason=note, check=check)
    app.drama.refresh_from_db()
    notify([app.case_manager], f"filing:{app.pk}:resubmitted:{event.pk}",
           _("%(drama)s 已补正") % {"drama": app.drama}, note, drama_url(app.drama))
    return app


def start_review(app: Application, user, reviewers: list[User], expected_version: int | None = None) -> Application:
    reviewers = list({r.pk: r for r in reviewers}.values())
    needed = app.rule.min_reviewers(app.tier) if app.rule else 1
    current = set(app.assignments.values_list("reviewer_id", flat=True))
    if len(current | {r.pk for r in reviewers}) < needed:
        raise ValidationError(_("%(tier)s类剧目至少需要 %(n)s 名审核员") % {"tier": app.get_tier_display(), "n": needed})
    for r in reviewers:
        if not r.has_role(Role.REVIEWER):
            raise ValidationError(_("%(name)s 不是审核员") % {"name": r})
    with transaction.atomic():
        transition(app, "start_review", user, expected_version=expected_version,
                   data={"reviewers": [r.username for r in reviewers]})
        for r in reviewers:
            ReviewAssignment.objects.get_or_create(application=app, reviewer=r, defaults={"assigned_by": user})
    notify(reviewers, f"filing:{app.pk}:review:{app.version}", _("请审核：%(drama)s") % {"drama": app.drama},
           _("%(stage)s，%(tier)s类。") % {"stage": app.get_stage_display(), "tier": app.get_tier_display()},
           reverse("filing:review", args=[app.pk]))
    return app


def report(app: Application, user, note: str = "") -> Application:
    transition(app, "report", user, reason=note or _("已报送主管部门"))
    tell_company(app, "reported", _("%(drama)s 已报送"), _("审核通过的材料已报送，取得备案号后会通知你。"))
    return app


def record_number(app: Application, user, number_text: str, issued_on: date | None = None) -> Application:
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationError(_("取得日期不能晚于今天"))
    decided_year = app.decided_at.year if app.decided_at else issued_on.year
    try:
        number = numbers.validate(number_text, app.tier, allowed_years={decided_year, issued_on.year})
    except numbers.NumberError as exc:
        raise ValidationError(str(exc)) from exc
    if app.state == State.REJECTED:
        raise TransitionError(_("未通过的申请不能登记备案号"))
    other = Application.objects.filter(number=number.text).exclude(pk=app.pk).select_related("drama").first()
    if other:
        raise ValidationError(_("备案号 %(number)s 已登记给%(drama)s，不能重复使用") % {"number": number.text, "drama": other.drama})

    def check(locked: Application) -> None:
        if locked.number:
            raise ValidationError(_("该申请已登记备案号 %(number)s") % {"number": locked.number})

    try:
        with transaction.atomic():
            transition(app, "record_number", user, data={"number": number.text, "issued_on": issued_on.isoformat()},
                       check=check)
            Application.objects.filter(pk=app.pk).update(number=number.text, number_issuer=number.issuer,
                                                         numbered_on=issued_on)
    except IntegrityError:
        raise ValidationError(_("备案号 %(number)s 已被登记，不能重复使用") % {"number": number.text}) from None
    app.refresh_from_db()
    tell_company(app, "numbered", _("%(drama)s 取得备案号"), _("备案号：") + number.text, level="success")
    if app.stage == Stage.ONLINE:
        transaction.on_commit(lambda: online_filing_approved.send(sender=Application, application=app))
    return app


def withdraw(app: Application, user, reason: str) -> Application:
    if not reason.strip():
        raise ValidationError(_("请说明撤回原因"))
    transition(app, "withdraw", user, reason=reason)
    return app


def reassign_case_manager(drama: Drama, user, new_manager: User, reason: str) -> Drama:
    if not (user.is_platform_admin or user.has_role(Role.CASE_LEAD)):
        raise PermissionDenied(_("只有剧管家组长可以更换剧管家"))
    if not reason.strip():
        raise ValidationError(_("更换剧管家须说明原因"))
    if not new_manager.has_role(Role.CASE_MANAGER) or not new_manager.is_active:
        raise ValidationError(_("%(name)s 不是在岗的剧管家") % {"name": new_manager})
    old = drama.case_manager
    with transaction.atomic():
        Drama.objects.filter(pk=drama.pk).update(case_manager=new_manager)
        for app in drama.applications.filter(state__in=OPEN_STATES):
            Application.objects.filter(pk=app.pk).update(case_manager=new_manager)
            transition(app, "reassign", user, reason=reason,
                       data={"from": old.username if old else None, "to": new_manager.username})
    drama.refresh_from_db()
    notify([new_manager], f"filing:drama:{drama.pk}:manager:{new_manager.pk}:{timezone.now():%s}",
           _("你已成为%(drama)s 的剧管家") % {"drama": drama}, reason, drama_url(drama))
    return drama


def tell_company(app: Application, key: str, title: str, body: str, level: str = "info") -> None:
    people = User.objects.filter(organisation=app.drama.company, role_grants__role=Role.APPLICANT, is_active=True)
    manager = app.case_manager
    notify(people, f"filing:{app.pk}:{key}", title % {"drama": app.drama, "stage": app.get_stage_display()},
           body % {"manager": manager or ""} if "%(manager)s" in body else body, drama_url(app.drama), level=level)


def draft_from_studio(user, *, title: str, genre: str, synopsis: str, episodes: int, minutes_per_episode: Decimal,
                      creators: list[dict] | None = None, source_note: str = "") -> tuple[Drama, Application]:
    """The AI lab's "send to filing": a drama and a draft planning application, pre-filled for the
    creator's company. A company applicant completes the investment and materials and submits it."""
    from microdrama.accounts.roles import OrgKind

    org = user.organisation
    if org is None or org.kind != OrgKind.PRODUCTION or not user.has_role(Role.CREATOR, Role.APPLICANT):
        raise PermissionDenied(_("只有制作机构的创作者或申报人可以把项目送去备案"))
    if genre not in Drama.Genre.values:
        genre = Drama.Genre.OTHER
    minutes = Decimal(str(minutes_per_episode)).quantize(Decimal("0.01"))
    title = (title or "").strip()[:30]
    drama = Drama(company=org, created_by=user, title=title, genre=genre, synopsis=synopsis[:3000],
                  episodes=episodes, minutes_per_episode=max(minutes, Decimal("0.2")),
                  total_minutes=max(minutes, Decimal("0.2")) * episodes,
                  investment=Decimal("1000"), production_kind=Drama.Kind.AIGC, prefilled=True)
    try:
        drama.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.messages) from exc
    with transaction.atomic():
        drama.save()
        for c in creators or []:
            drama.creators.create(role=c.get("role", DramaCreator.Role.LEAD), name=c["name"][:40],
                                  character=c.get("character", "")[:40])
        app = Application.objects.create(drama=drama, stage=Stage.PLANNING)
        ApplicationEvent.objects.create(application=app, action="note", actor=user, at=timezone.now(),
                                        reason=source_note or _("由 AI 创作实验室预填，投资额与材料待申报人补充"))
    return drama, app
