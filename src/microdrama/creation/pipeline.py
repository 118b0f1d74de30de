"""The pipeline's vocabulary: its stages in order, the document each one produces, what each
depends on, which outputs a person may edit, and the error a project operation raises."""

from __future__ import annotations

from enum import StrEnum

from .models.base import Document
from .models.bible import SeriesBible
from .models.outputs import CharacterDesign, ExportManifest, RenderManifest
from .models.review import ReviewReport
from .models.script import Scripts
from .models.storyboard import Storyboard


class Stage(StrEnum):
    BIBLE = "bible"
    SCRIPTS = "scripts"
    REVIEW = "review"
    STORYBOARD = "storyboard"
    CHARACTERS = "characters"
    RENDER = "render"
    EXPORT = "export"


STAGES: tuple[Stage, ...] = tuple(Stage)
DOCUMENTS: dict[Stage, type[Document]] = {
    Stage.BIBLE: SeriesBible,
    Stage.SCRIPTS: Scripts,
    Stage.REVIEW: ReviewReport,
    Stage.STORYBOARD: Storyboard,
    Stage.CHARACTERS: CharacterDesign,
    Stage.RENDER: RenderManifest,
    Stage.EXPORT: ExportManifest,
}
UPSTREAM: dict[Stage, tuple[Stage, ...]] = {
    Stage.BIBLE: (),
    Stage.SCRIPTS: (Stage.BIBLE,),
    Stage.REVIEW: (Stage.BIBLE, Stage.SCRIPTS),
    Stage.STORYBOARD: (Stage.BIBLE, Stage.SCRIPTS),
    Stage.CHARACTERS: (Stage.BIBLE,),
    Stage.RENDER: (Stage.BIBLE, Stage.STORYBOARD, Stage.CHARACTERS),
    Stage.EXPORT: (Stage.BIBLE, Stage.SCRIPTS, Stage.STORYBOARD, Stage.CHARACTERS, Stage.RENDER),
}
EDITABLE = (Stage.BIBLE, Stage.SCRIPTS, Stage.STORYBOARD, Stage.CHARACTERS)
STAGE_NAMES = {
    Stage.BIBLE: "剧集设定",
    Stage.SCRIPTS: "分集剧本",
    Stage.REVIEW: "剧本审核",
    Stage.STORYBOARD: "分镜",
    Stage.CHARACTERS: "角色设计",
    Stage.RENDER: "渲染",
    Stage.EXPORT: "导出",
}


class ProjectError(RuntimeError):
    """A request the project cannot honour; the message is a Chinese sentence for the creator."""

    def __init__(self, message: str, code: str = "project") -> None:
        super().__init__(message)
        self.code = code
