"""The browser editors: the bible (characters and episode outlines), one episode's script (scenes
and lines), the storyboard grid and one shot, and the raw JSON of any editable stage.

Each editor shows the document as it is, or — after a rejected save — as the person sent it, with
the engine's objections in Chinese above the form. Nothing is written unless the whole edit fits.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microdrama.accounts.access import role_required
from microdrama.creation.models.vocabulary import Angle, CameraMove, Gender, LineKind, ShotSize
from microdrama.creation.pipeline import EDITABLE, Stage

from .. import editing, engine
from ..forms import JsonForm
from ..services.projects import save_document
from .common import STUDIO_ROLES, backends_or_default, get_project, project_context

LINE_KINDS = [
    (LineKind.ACTION.value, gettext_lazy("动作")),
    (LineKind.DIALOGUE.value, gettext_lazy("对白")),
    (LineKind.VOICEOVER.value, gettext_lazy("旁白")),
]


def _missing(request, context: dict, stage: Stage):
    return render(
        request, "studio/missing.html", {**context, "stage": stage, "stage_label": engine.STAGE_LABELS[stage]}
    )


def _episode_number(request, numbers: list[int]) -> int:
    try:
        number = int(request.GET.get("episode") or numbers[0])
    except ValueError:
        raise Http404 from None
    if number not in numbers:
        raise Http404
    return number


@role_required(*STUDIO_ROLES)
def bible(request, pk: int):
    project = get_project(request, pk)
    engine_project, context = project_context(request, project, "bible")
    current = engine_project.bible()
    if current is None:
        return _missing(request, context, Stage.BIBLE)
    doc, errors = current.model_dump(mode="json"), []
    if request.method == "POST":
        doc = editing.bible_from_post(doc, request.POST)
        try:
            save_document(request.user, project, Stage.BIBLE, doc)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("剧集设定已保存（标记为人工修改）。之后的阶段需要重新运行。"))
            return redirect("studio:bible", pk=project.pk)
    return render(
        request,
        "studio/bible.html",
        {**context, "doc": doc, "errors": errors, "genders": [g.value for g in Gender]},
    )


@role_required(*STUDIO_ROLES)
def scripts(request, pk: int):
    project = get_project(request, pk)
    engine_project, context = project_context(request, project, "scripts")
    current = engine_project.scripts()
    if current is None:
        return _missing(request, context, Stage.SCRIPTS)
    numbers = [e.number for e in current.episodes]
    number = _episode_number(request, numbers)
    doc, errors = current.model_dump(mode="json"), []
    if request.method == "POST":
        doc = editing.episode_from_post(doc, number, request.POST)
        try:
            save_document(request.user, project, Stage.SCRIPTS, doc)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request, _("第%(n)s集剧本已保存。重新运行“分镜”后，可只重新渲染改动的镜头。") % {"n": number}
            )
            return redirect(reverse("studio:scripts", args=[project.pk]) + f"?episode={number}")
    bible = engine_project.bible()
    review = engine_project.review()
    findings = [f for f in review.findings if f.episode == number] if review else []
    return render(
        request,
        "studio/scripts.html",
        {
            **context,
            "episode": next(e for e in doc["episodes"] if e["number"] == number),
            "numbers": numbers,
            "number": number,
            "errors": errors,
            "speakers": [c.name for c in bible.characters] if bible else [],
            "line_kinds": LINE_KINDS,
            "findings": findings,
        },
    )


@role_required(*STUDIO_ROLES)
def storyboard(request, pk: int):
    project = get_project(request, pk)
    engine_project, context = project_context(request, project, "storyboard")
    board = engine_project.storyboard()
    if board is None:
        return _missing(request, context, Stage.STORYBOARD)
    numbers = [e.number for e in board.episodes]
    number = _episode_number(request, numbers)
    episode = board.episode(number)
    renders = engine_project.renders()
    changed = engine.changed_since_render(engine_project, backends_or_default(request), number)
    cards = []
    for shot in episode.shots:
        rendered = renders.shot(shot.id) if renders else None
        image = reverse("studio:file", args=[project.pk, rendered.keyframe]) if rendered else ""
        cards.append(
            {"shot": shot, "rendered": rendered, "changed": changed.get(shot.id, True), "image": image}
        )
    return render(
        request,
        "studio/storyboard.html",
        {
            **context,
            "episode": episode,
            "numbers": numbers,
            "number": number,
            "cards": cards,
            "spec": board.spec,
            "characters_ready": engine_project.characters() is not None,
            "changed_count": sum(1 for c in cards if c["changed"] and c["rendered"]),
        },
    )


@role_required(*STUDIO_ROLES)
def shot(request, pk: int, episode: int, number: int):
    project = get_project(request, pk)
    engine_project, context = project_context(request, project, "storyboard")
    board = engine_project.storyboard()
    if board is None:
        return _missing(request, context, Stage.STORYBOARD)
    try:
        current = board.shot(episode, number)
    except KeyError:
        raise Http404 from None
    bible = engine_project.bible()
    doc, errors = board.model_dump(mode="json"), []
    shot_doc = current.model_dump(mode="json")
    if request.method == "POST":
        doc = editing.shot_from_post(doc, episode, number, request.POST, bible)
        shot_doc = next(
            s for e in doc["episodes"] if e["number"] == episode for s in e["shots"] if s["number"] == number
        )
        try:
            save_document(request.user, project, Stage.STORYBOARD, doc)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("镜头已保存。点“重新渲染此镜”只重做这一个镜头。"))
            return redirect("studio:shot", pk=project.pk, episode=episode, number=number)
    renders = engine_project.renders()
    rendered = renders.shot(current.id) if renders else None
    changed = engine.changed_since_render(engine_project, backends_or_default(request), episode).get(
        current.id, True
    )
    shots = board.episode(episode).shots
    index = next(i for i, s in enumerate(shots) if s.number == number)
    return render(
        request,
        "studio/shot.html",
        {
            **context,
            "shot": current,
            "doc": shot_doc,
            "errors": errors,
            "rendered": rendered,
            "changed": changed,
            "previous": shots[index - 1] if index > 0 else None,
            "next_shot": shots[index + 1] if index + 1 < len(shots) else None,
            "speakers": [c.name for c in bible.characters] if bible else [],
            "sizes": [s.value for s in ShotSize],
            "moves": [m.value for m in CameraMove],
            "angles": [a.value for a in Angle],
            "cue_kinds": LINE_KINDS[1:],
            "characters_ready": engine_project.characters() is not None,
        },
    )


@role_required(*STUDIO_ROLES)
def json_editor(request, pk: int, stage: str):
    project = get_project(request, pk)
    try:
        stage = Stage(stage)
    except ValueError:
        raise Http404 from None
    if stage not in EDITABLE:
        raise Http404
    engine_project, context = project_context(request, project, "json")
    current = engine_project.load(stage)
    if current is None:
        return _missing(request, context, stage)
    form = JsonForm(request.POST or None, initial={"document": current.to_json()})
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            save_document(request.user, project, stage, form.cleaned_data["document"])
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request, _("“%(stage)s”已保存（标记为人工修改）。") % {"stage": engine.STAGE_LABELS[stage]}
            )
            return redirect("studio:json", pk=project.pk, stage=stage.value)
    return render(
        request,
        "studio/json.html",
        {
            **context,
            "form": form,
            "errors": errors,
            "stage": stage,
            "stage_label": engine.STAGE_LABELS[stage],
            "editable": [(s.value, engine.STAGE_LABELS[s]) for s in EDITABLE],
        },
    )
