"""What the character-design, render and export stages leave behind: paths (relative to the
project folder) of every image, clip, episode and document, with the facts a caller shows
(frames, size, whether the audio is real speech, which labels were applied)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Document, Model
from .bible import ReferenceImages


class CharacterSheet(Model):
    character_id: str
    name: str
    prompts: dict[str, str] = Field(description="三视图提示词：front / side / back")
    images: ReferenceImages
    sheet: str = Field(description="三视图拼版图片")
    supplied: bool = Field(default=False, description="参考图由创作者提供（未生成）")


class CharacterDesign(Document):
    kind: Literal["character_design"] = "character_design"
    backend: str
    sheets: list[CharacterSheet]

    def sheet_for(self, name: str) -> CharacterSheet | None:
        return next((s for s in self.sheets if s.name == name), None)


class ShotRender(Model):
    shot_id: str
    episode: int
    number: int
    key: str = Field(description="内容哈希：输入不变则不重新渲染")
    keyframe: str
    video: str
    frames: int
    fps: float
    width: int
    height: int
    audio_silent: bool = Field(description="配音后端不可用时为静音轨")
    backends: dict[str, str] = Field(default_factory=dict)
    subtitles: str = Field(default="", description="本镜 SRT")


class LabelRecord(Model):
    """Which AIGC labels (GB 45438-2025) the file was given."""

    visible: str = Field(description="显式标识文字")
    implicit: dict[str, str] = Field(description="隐式标识（元数据 AIGC 字段）")
    c2pa: str = Field(description="embedded（嵌入）/ sidecar（旁路文件）/ none")
    c2pa_note: str = ""
    sidecar: str | None = None
    watermark_payload: str | None = Field(default=None, description="水印载荷（十六进制），未嵌入时为空")
    watermark_note: str = ""


class EpisodeRender(Model):
    number: int
    video: str
    subtitles: str
    shots: list[str]
    frames: int
    seconds: float
    labels: LabelRecord


class RenderManifest(Document):
    kind: Literal["render"] = "render"
    shots: list[ShotRender] = Field(default_factory=list)
    episodes: list[EpisodeRender] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def shot(self, shot_id: str) -> ShotRender | None:
        return next((s for s in self.shots if s.shot_id == shot_id), None)

    def episode(self, number: int) -> EpisodeRender | None:
        return next((e for e in self.episodes if e.number == number), None)


class ExportManifest(Document):
    kind: Literal["export"] = "export"
    fountain: str
    shot_list_csv: str
    shot_list_xlsx: str
    storyboard_pdf: str
    timelines: list[str]
    series_timeline: str
