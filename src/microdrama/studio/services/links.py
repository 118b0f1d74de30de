"""Handing a project to the other centres, through their own service functions and plain data:

* send to filing — `filing.services.draft_from_studio`: a drama and a draft planning application,
  pre-filled from the bible, for the creator's company (its applicant completes and submits it);
* plan shooting — `locations.services.plans.plan_from_scenes` with the scripts' scenes;
* cast roles — `talent.services.casting.set_roles_from_dicts` with the bible's characters.

The last two hang off the filing centre's drama, so they need the project sent to filing first.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from microdrama.accounts.models import User
from microdrama.accounts.roles import Role
from microdrama.creation.pacing import speech_seconds
from microdrama.creation.project import Project
from microdrama.hub.notifications import notify

from .. import engine
from ..models import StudioProject
from .projects import estimate_minutes, open_project

LEAD_ROLES = ("主角", "女主", "男主")


def _bible(engine_project: Project):
    bible = engine_project.bible()
    if bible is None:
        raise ValidationError(_("请先生成剧集设定，再送去备案"))
    return bible


def filing_draft(user, project: StudioProject, engine_project: Project) -> dict:
    """The fields `draft_from_studio` receives, from the bible (and the storyboard's length)."""
    bible = _bible(engine_project)
    leads = [c for c in bible.characters if c.role in LEAD_ROLES] or bible.characters[:2]
    creators = [{"role": "writer", "name": str(user)[:40], "character": ""}]
    creators += [{"role": "lead", "name": _("待定"), "character": c.name} for c in leads]
    synopsis = "\n".join(
        part
        for part in [bible.logline, bible.synopsis]
        + [f"第{e.number}集 {e.title}：{e.synopsis}" for e in bible.episodes[:20]]
        if part
    )
    return {
        "title": bible.title,
        "genre": engine.filing_genre(bible.genre, project.genre),
        "synopsis": synopsis,
        "episodes": bible.target_episodes,
        "minutes_per_episode": estimate_minutes(engine_project),
        "creators": creators,
        "source_note": _(
            "由 AI 创作实验室项目《%(title)s》（编号 %(uid)s）预填：题材、集数、时长、梗概和主要角色；投资额与材料待申报人补充"
        )
        % {"title": bible.title, "uid": project.uid},
    }


def send_to_filing(user, project: StudioProject):
    """A pre-filled drama with a draft planning application for the company; returns (drama, created).
    Sending again returns the drama already made (one project, one drama)."""
    from microdrama.filing.models import Drama
    from microdrama.filing.services import draft_from_studio

    if project.drama_id and Drama.objects.filter(pk=project.drama_id).exists():
        return project.drama, False
    draft = filing_draft(user, project, open_project(project))
    with transaction.atomic():
        drama, _application = draft_from_studio(user, **draft)
        StudioProject.objects.filter(pk=project.pk).update(drama=drama)
        project.drama = drama
        applicants = User.objects.filter(
            organisation=project.company, is_active=True, role_grants__role=Role.APPLICANT
        ).distinct()
        notify(
            applicants,
            f"studio:filing:{drama.pk}",
            _("AI 创作实验室送来备案草稿：《%(title)s》") % {"title": drama.title},
            _("%(who)s 从 AI 创作实验室预填了规划备案，请补充投资额和材料后提交。") % {"who": user},
            reverse("filing:drama", args=[drama.pk]),
        )
    return drama, True


def _drama(project: StudioProject):
    if project.drama is None:
        raise ValidationError(_("请先把项目送去备案：拍摄计划和选角都挂在备案剧目下"))
    return project.drama


def shooting_scenes(engine_project: Project) -> list[dict]:
    """One scene-list entry per script scene: its location as the set type, its length in minutes
    (from the storyboard when there is one, else from the lines)."""
    scripts = engine_project.scripts()
    if scripts is None:
        raise ValidationError(_("请先生成分集剧本"))
    rules = engine_project.info.rules
    board = engine_project.storyboard()
    by_scene: dict[str, float] = {}
    if board is not None:
        for shot in board.shots():
            by_scene[shot.scene] = by_scene.get(shot.scene, 0.0) + shot.duration
    scenes = []
    for episode in scripts.episodes:
        for scene in episode.scenes:
            seconds = by_scene.get(scene.number) or sum(
                speech_seconds(line.text, rules.chars_per_second) if line.spoken else rules.action_seconds
                for line in scene.lines
            )
            first = scene.synopsis or scene.lines[0].text
            scenes.append(
                {
                    "set_type": scene.location[:30],
                    "description": f"{scene.number} {first}"[:200],
                    "scene_count": 1,
                    "minutes": max(0.1, round(seconds / 60, 1)),
                }
            )
    return scenes


def plan_shooting(user, project: StudioProject, start_date: date):
    from microdrama.locations.models import ShootingPlan
    from microdrama.locations.services.plans import plan_from_scenes

    drama = _drama(project)
    scenes = shooting_scenes(open_project(project))
    return plan_from_scenes(
        user,
        drama,
        scenes,
        start_date=start_date,
        title=_("《%(title)s》拍摄计划（AI 创作实验室）") % {"title": drama.title},
        source=ShootingPlan.Source.AI_LAB,
    )


def casting_roles(engine_project: Project) -> list[dict]:
    bible = _bible(engine_project)
    roles = []
    for c in bible.characters:
        description = "；".join(p for p in (c.role, c.personality, c.appearance) if p)
        roles.append(
            {
                "name": c.name,
                "kind": "actor",
                "gender": c.gender.value,
                "age": f"{max(1, c.age - 3)}-{c.age + 3}",
                "description": description[:300],
            }
        )
    return roles


def cast_roles(user, project: StudioProject):
    from microdrama.talent.models import CastingRole
    from microdrama.talent.services.casting import set_roles_from_dicts

    drama = _drama(project)
    return set_roles_from_dicts(
        user, drama, casting_roles(open_project(project)), source=CastingRole.Source.AI_LAB
    )
