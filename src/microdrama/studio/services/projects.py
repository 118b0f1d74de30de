"""Creating a project from a premise and saving a person's edits of its documents.

A project is a database row (who owns it) plus the creation engine's folder (its content). Both are
made together or not at all; an edit is validated against the engine's model before anything is
written, and the engine writes it atomically.
"""

from __future__ import annotations

import shutil
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError as ModelError

from microdrama.accounts.roles import OrgKind, Role
from microdrama.creation.backends import BackendConfigError
from microdrama.creation.models import Premise
from microdrama.creation.models.base import Document
from microdrama.creation.models.bible import MAX_HOOK_SECONDS, MIN_HOOK_SECONDS
from microdrama.creation.pipeline import EDITABLE, ProjectError, Stage
from microdrama.creation.project import Project

from .. import engine
from ..models import StudioJob, StudioProject, new_uid
from ..validation import explain, parse_json

MIN_PREMISE, MAX_PREMISE = 4, 500
MAX_EPISODES = 100  # the engine's limit (Premise.episodes)
MAX_SEED = 2**31 - 1


def can_create(user) -> bool:
    org = getattr(user, "organisation", None)
    return bool(
        getattr(user, "is_authenticated", False)
        and org is not None
        and org.kind == OrgKind.PRODUCTION
        and org.is_active
        and (user.has_role(Role.CREATOR) or user.is_platform_admin)
    )


def _number(value, kind, message: str):
    try:
        number = kind(str(value).strip())
    except (TypeError, ValueError, InvalidOperation):
        raise ValidationError(message) from None
    if isinstance(number, Decimal) and not number.is_finite():
        raise ValidationError(message)
    return number


def clean_premise(*, premise, genre, episodes, hook_seconds=3, seed=7) -> Premise:
    """Check what a creator typed; one ValidationError naming every problem in Chinese, keyed by
    field (forms show each under its field; the API joins them)."""
    problems: dict[str, list[str]] = {}

    def problem(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    premise = " ".join(str(premise or "").split())
    if len(premise) < MIN_PREMISE:
        problem(
            "premise", _("故事梗概太短：请用一句话（至少 %(n)s 个字）写清人物和冲突") % {"n": MIN_PREMISE}
        )
    elif len(premise) > MAX_PREMISE:
        problem(
            "premise",
            _("故事梗概太长（%(len)s 字）：请压缩到 %(n)s 字以内") % {"len": len(premise), "n": MAX_PREMISE},
        )
    try:
        genre = engine.canonical_genre(str(genre or ""))
    except LookupError:
        names = "、".join(name for name, _label in engine.genre_choices())
        problem("genre", _("不支持的题材“%(g)s”，可选：%(names)s") % {"g": genre, "names": names})
    try:
        episodes = _number(episodes, int, _("集数应为整数"))
        if not 1 <= episodes <= MAX_EPISODES:
            problem("episodes", _("集数应在 1 到 %(n)s 之间") % {"n": MAX_EPISODES})
    except ValidationError as exc:
        problem("episodes", exc.messages[0])
    try:
        hook_seconds = _number(hook_seconds, Decimal, _("开场钩子秒数应为数字"))
        if not MIN_HOOK_SECONDS <= hook_seconds <= MAX_HOOK_SECONDS:
            problem(
                "hook_seconds",
                _("开场钩子应在 %(a)s 到 %(b)s 秒之间")
                % {"a": int(MIN_HOOK_SECONDS), "b": int(MAX_HOOK_SECONDS)},
            )
    except ValidationError as exc:
        problem("hook_seconds", exc.messages[0])
    try:
        seed = _number(seed, int, _("随机种子应为整数"))
        if not 0 <= seed <= MAX_SEED:
            problem("seed", _("随机种子应在 0 到 %(n)s 之间") % {"n": MAX_SEED})
    except ValidationError as exc:
        problem("seed", exc.messages[0])
    if problems:
        raise ValidationError(problems)
    try:
        return Premise(
            premise=premise, genre=genre, episodes=episodes, seed=seed, hook_seconds=float(hook_seconds)
        )
    except ModelError as exc:
        raise ValidationError(explain(exc)) from exc


def create_project(
    user, *, premise, genre, episodes, hook_seconds=3, seed=7, uid: str | None = None
) -> StudioProject:
    """A new project for the creator's company: its engine folder and its row, both or neither."""
    if not can_create(user):
        raise PermissionDenied(_("只有制作机构的创作者可以创建 AI 创作项目"))
    clean = clean_premise(
        premise=premise, genre=genre, episodes=episodes, hook_seconds=hook_seconds, seed=seed
    )
    uid = uid or new_uid()
    folder = StudioProject(uid=uid).folder
    try:
        Project.create(
            folder,
            clean,
            spec=engine.render_spec(),
            rules=engine.review_rules(clean.hook_seconds),
            project_id=uid,
        )
    except ProjectError as exc:
        raise ValidationError(str(exc)) from exc
    try:
        with transaction.atomic():
            return StudioProject.objects.create(
                uid=uid,
                company=user.organisation,
                created_by=user,
                premise=clean.premise,
                genre=clean.genre,
                episodes=clean.episodes,
                hook_seconds=Decimal(str(clean.hook_seconds)),
                seed=clean.seed,
            )
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)  # no folder without its row
        raise


def open_project(project: StudioProject) -> Project:
    try:
        return Project.open(project.folder)
    except ProjectError as exc:
        raise ValidationError(_("项目文件夹不见了或已损坏：%(e)s") % {"e": exc}) from exc


def _not_running(project: StudioProject) -> None:
    """An edit waits for no job: the engine would queue it behind the job's lock, holding the page."""
    if project.jobs.filter(status=StudioJob.Status.RUNNING).exists():
        raise ValidationError(_("项目有任务正在运行，请等它完成后再保存修改（你的修改没有丢，仍在表单里）"))


def save_document(
    user, project: StudioProject, stage: Stage | str, document: Document | dict | str
) -> Document:
    """A person's edit of a stage's output (a model, a dict, or JSON text). Checked against the
    engine's model; ValidationError with Chinese sentences if it does not fit; nothing is written then."""
    stage = Stage(stage)
    if stage not in EDITABLE:
        raise ValidationError(_("这一阶段的结果由程序生成，不能手工修改"))
    if isinstance(document, str):
        try:
            document = parse_json(document)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        if not isinstance(document, dict):
            raise ValidationError(_("内容应是一个 JSON 对象（以 { 开头）"))
    _not_running(project)
    engine_project = open_project(project)
    try:
        backends = engine.studio_backends()
    except BackendConfigError as exc:
        raise ValidationError(str(exc)) from exc
    try:
        saved = engine_project.save(stage, document, backends)
    except ModelError as exc:
        raise ValidationError(explain(exc)) from exc
    except ProjectError as exc:
        raise ValidationError(str(exc)) from exc
    touch(project, engine_project)
    return saved


def touch(project: StudioProject, engine_project: Project) -> None:
    """Keep the row's title in step with the bible (lists and filing show it)."""
    bible = engine_project.bible()
    title = bible.title[:60] if bible else project.title
    StudioProject.objects.filter(pk=project.pk).update(title=title)
    project.title = title


def estimate_minutes(engine_project: Project) -> Decimal:
    """Minutes per episode: the storyboard's length when there is one, else the premise's target."""
    board = engine_project.storyboard()
    if board is not None and board.episodes:
        seconds = sum(e.seconds for e in board.episodes) / len(board.episodes)
    else:
        seconds = engine_project.info.premise.episode_seconds
    return (Decimal(str(seconds)) / 60).quantize(Decimal("0.01"))
