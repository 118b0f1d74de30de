"""The studio's side of the creation engine: Django settings → the engine's backends, the filing
centre's live title rules → the engine's review rules, the genres a project may have and how they
map onto the filing centre's genre codes, and the stage names in the UI's language.

Settings (all optional), in `settings.STUDIO`:

    {"backends": {...},        # engine settings mapping (see creation.backends); merged over the
                               # environment's MICRODRAMA_LLM_BASE_URL / _MODEL / _API_KEY
     "watermark": True,        # embed the watermark engine's payload into every episode
     "render_spec": {...}}     # RenderSpec fields for new projects (default: 204 frames, 25 fps, 540×960)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from microdrama.creation.backends import Backends, backends_from_settings, settings_from_environment
from microdrama.creation.models import RenderSpec
from microdrama.creation.pipeline import Stage
from microdrama.creation.project import Project
from microdrama.creation.rules import ReviewRules, TextRule
from microdrama.creation.writing import find_genre, genre_names

# Literal strings so that they reach the translation catalogue (the engine's STAGE_NAMES are Chinese).
STAGE_LABELS = {
    Stage.BIBLE: _("剧集设定"),
    Stage.SCRIPTS: _("分集剧本"),
    Stage.REVIEW: _("剧本审核"),
    Stage.STORYBOARD: _("分镜"),
    Stage.CHARACTERS: _("角色设计"),
    Stage.RENDER: _("渲染"),
    Stage.EXPORT: _("导出"),
}
STAGE_HELP = {
    Stage.BIBLE: _("人物、场景、每集梗概、开场钩子和结尾卡点"),
    Stage.SCRIPTS: _("每集的场次、动作、对白和旁白"),
    Stage.REVIEW: _("钩子时间、卡点、台词长度、人名，以及备案中心的片名和内容规则"),
    Stage.STORYBOARD: _("镜号、景别、运镜、角度、画面、台词、音效、时长"),
    Stage.CHARACTERS: _("每个角色的三视图设定图"),
    Stage.RENDER: _("每个镜头的视频（含配音、字幕和 AI 生成标识），每集成片"),
    Stage.EXPORT: _("Fountain 剧本、分镜表 CSV/XLSX、分镜 PDF、OTIO 时间线"),
}

# The offline writer's genres (and a language model's, when one is configured) → the filing
# centre's genre codes. A genre not listed falls back to a filing genre of the same name, else "other".
FILING_GENRES = {
    "逆袭": "comeback",
    "甜宠": "romance",
    "悬疑": "suspense",
    "家庭": "family",
    "古装": "costume",
    "刑侦": "crime",
    "推理": "suspense",
    "历史": "history",
    "都市": "urban",
    "职场": "urban",
    "家庭伦理": "family",
    "现实": "realism",
}


def config() -> dict[str, Any]:
    return {"backends": {}, "watermark": True, "render_spec": None, **getattr(settings, "STUDIO", {})}


def llm_configured() -> bool:
    llm = (settings_from_environment() | config()["backends"]).get("llm") or {}
    return str(llm.get("kind", "offline")).lower() not in ("", "offline")


def studio_backends() -> Backends:
    """The backends every job uses: the environment's LLM (if any) and settings, offline otherwise,
    with the watermark engine's embed as the watermark hook unless turned off.
    Raises `BackendConfigError` (a Chinese message) for a bad configuration."""
    options = settings_from_environment() | config()["backends"]
    embed = None
    if config()["watermark"]:
        from microdrama.watermark import embed
    return backends_from_settings(options, watermark=embed)


def watermark_reader():
    """The watermark engine's reader in the shape the label checker wants (None when turned off)."""
    if not config()["watermark"]:
        return None
    from microdrama.cli.studio import watermark_engine  # the one adapter over the engine's detect()

    return watermark_engine()[1]


def render_spec() -> RenderSpec:
    return RenderSpec(**(config()["render_spec"] or {}))


def genre_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in genre_names()]


def canonical_genre(name: str) -> str:
    """The offline writer's name for a genre (or an alias); LookupError with a Chinese message
    when it knows none — unless a language model is configured, which can write any genre."""
    try:
        return find_genre(name).name
    except LookupError:
        if llm_configured():
            return name.strip()
        raise


def filing_genre(*names: str) -> str:
    from microdrama.filing.models import Drama

    labels = {str(label): value for value, label in Drama.Genre.choices}
    for name in names:
        name = (name or "").strip()
        if name in FILING_GENRES:
            return FILING_GENRES[name]
        if name in labels:
            return labels[name]
        try:
            return FILING_GENRES[find_genre(name).name]
        except LookupError:
            continue
    return Drama.Genre.OTHER


def title_rules() -> list[TextRule]:
    """The filing centre's active title rules, as the engine's text rules (a broken one is skipped)."""
    from microdrama.filing.models import TitleRule

    rules = []
    for row in TitleRule.objects.filter(active=True).order_by("pk"):
        try:
            rules.append(
                TextRule(pattern=row.pattern, is_regex=row.is_regex, reason=row.reason, source=row.source)
            )
        except ValueError:
            continue
    return rules


def review_rules(hook_seconds: float, current: ReviewRules | None = None) -> ReviewRules:
    base = current or ReviewRules(hook_seconds=hook_seconds)
    return base.model_copy(update={"hook_seconds": hook_seconds, "title_rules": title_rules()})


def sync_rules(project: Project) -> bool:
    """Bring a project's review rules up to the filing centre's current title rules; True if they
    changed (the review then shows as stale)."""
    rules = review_rules(project.info.rules.hook_seconds, project.info.rules)
    if rules == project.info.rules:
        return False
    project.update_settings(rules=rules)
    return True


def open_engine_project(folder: Path) -> Project:
    return Project.open(folder)


def changed_since_render(engine_project: Project, backends: Backends, episode: int) -> dict[str, bool]:
    """For each shot of an episode: True when its storyboard entry (or anything else it is rendered
    from) changed since its clip was rendered, or it was never rendered. Uses the engine's own shot
    keys, so it agrees with what a re-render will redo."""
    from microdrama.creation.render.context import RenderContext
    from microdrama.creation.render.shot import shot_key

    board, bible = engine_project.storyboard(), engine_project.bible()
    if board is None or bible is None:
        return {}
    try:
        shots = board.episode(episode).shots
    except KeyError:
        return {}
    renders = engine_project.renders()
    rendered = {s.shot_id: s.key for s in renders.shots} if renders else {}
    design = engine_project.characters()
    if not rendered or design is None:
        return {s.id: True for s in shots}
    info = engine_project.info
    # shot keys do not depend on the signing credentials, so none are loaded (or created) here
    ctx = RenderContext(
        engine_project.root, info.id, bible, info.spec, design, backends, info.labels, backends.signing
    )
    out = {}
    for shot in shots:
        try:
            out[shot.id] = rendered.get(shot.id) != shot_key(shot, ctx)
        except (OSError, KeyError):
            out[shot.id] = True
    return out
