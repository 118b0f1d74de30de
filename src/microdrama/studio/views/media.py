"""Media of a project: its files (keyframes, character sheets, shots, episodes, exports) served to the
people who may see the project, with HTTP Range for the players; the character sheets; the
screening room (episodes and their shots, with each episode's AIGC label check); the exports."""

from __future__ import annotations

from pathlib import Path

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from microdrama.accounts.access import role_required
from microdrama.creation.pipeline import Stage
from microdrama.hub.downloads import serve_file

from ..models import StudioJob
from .common import STUDIO_ROLES, backends_or_default, get_project, project_context

# Folders of a project a browser may fetch from; keys/ (the signing key) and the JSON are not among them.
PUBLIC_FOLDERS = {"frames", "characters", "shots", "episodes", "export"}


def file_url(project, relative: str, download: bool = False) -> str:
    url = reverse("studio:file", args=[project.pk, relative])
    return url + ("?download=1" if download else "")


@role_required(*STUDIO_ROLES)
def project_file(request, pk: int, path: str):
    project = get_project(request, pk)
    root = project.folder.resolve()
    parts = Path(path).parts
    if not parts or parts[0] not in PUBLIC_FOLDERS or ".." in parts:
        raise Http404
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise Http404
    download = bool(request.GET.get("download"))
    name = target.name
    if download and parts[0] != "export":
        name = f"{project.uid}-{name}"
    return serve_file(request, target, name, inline=not download)


@role_required(*STUDIO_ROLES)
def characters(request, pk: int):
    project = get_project(request, pk)
    engine_project, context = project_context(request, project, "characters")
    design = engine_project.characters()
    bible = engine_project.bible()
    sheets = []
    if design is not None:
        for sheet in design.sheets:
            character = bible.character(sheet.name) if bible else None
            sheets.append({"sheet": sheet, "character": character, "url": file_url(project, sheet.sheet)})
    return render(request, "studio/characters.html", {**context, "design": design, "sheets": sheets})


def _label_results(project) -> dict[int, dict]:
    job = project.jobs.filter(kind=StudioJob.Kind.LABELS, status=StudioJob.Status.DONE).first()
    if job is None:
        return {}
    checked = job.finished_at
    return {int(n): {**r, "checked_at": checked} for n, r in (job.result or {}).get("episodes", {}).items()}


@role_required(*STUDIO_ROLES)
def screening(request, pk: int):
    project = get_project(request, pk)
    engine_project, context = project_context(request, project, "screening")
    renders = engine_project.renders()
    checks = _label_results(project)
    episodes = []
    if renders is not None:
        for episode in renders.episodes:
            check = checks.get(episode.number)
            current = bool(check) and check.get("produce_id") == episode.labels.implicit.get("ProduceID")
            episodes.append(
                {
                    "render": episode,
                    "url": file_url(project, episode.video),
                    "download": file_url(project, episode.video, download=True),
                    "srt": file_url(project, episode.subtitles, download=True),
                    "shots": [
                        {
                            "render": s,
                            "url": file_url(project, s.video),
                            "keyframe": file_url(project, s.keyframe),
                        }
                        for s in renders.shots
                        if s.episode == episode.number
                    ],
                    "check": check,
                    "check_current": current,
                }
            )
    return render(
        request,
        "studio/screening.html",
        {**context, "renders": renders, "episodes": episodes, "render_stage": Stage.RENDER.value},
    )


@role_required(*STUDIO_ROLES)
def exports(request, pk: int):
    project = get_project(request, pk)
    engine_project, context = project_context(request, project, "export")
    manifest = engine_project.exports()
    renders = engine_project.renders()
    export_status = next(
        s for s in engine_project.status(backends_or_default(request)) if s.stage == Stage.EXPORT
    )
    files = []
    if manifest is not None:
        files = [
            ("fountain", _("Fountain 剧本"), manifest.fountain),
            ("csv", _("分镜表 CSV"), manifest.shot_list_csv),
            ("xlsx", _("分镜表 XLSX"), manifest.shot_list_xlsx),
            ("pdf", _("分镜 PDF"), manifest.storyboard_pdf),
            ("otio", _("OTIO 时间线（全剧）"), manifest.series_timeline),
        ] + [
            (f"otio-{i}", _("OTIO 时间线 %(name)s") % {"name": Path(t).stem}, t)
            for i, t in enumerate(manifest.timelines, start=1)
        ]
        files = [
            {"key": key, "label": label, "path": path, "url": file_url(project, path, download=True)}
            for key, label, path in files
            if (engine_project.root / path).is_file()
        ]
    episodes = []
    if renders is not None:
        episodes = [
            {"number": e.number, "url": file_url(project, e.video, download=True), "seconds": e.seconds}
            for e in renders.episodes
        ]
    return render(
        request,
        "studio/export.html",
        {
            **context,
            "manifest": manifest,
            "files": files,
            "episodes": episodes,
            "export_stage": Stage.EXPORT.value,
            "stale": export_status.exists and export_status.stale,
        },
    )
