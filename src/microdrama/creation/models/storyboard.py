"""The storyboard (分镜表): one `Shot` per generated clip, with the Chinese shot-list columns
(镜号, 景别, 运镜, 机位角度, 画面, 台词/旁白, 音效, 时长), where each character stands, when each
line is spoken inside the shot, and the prompts a real image / video model would be given.

`RenderSpec` is the clip format every shot is rendered to: by default one Step-Video-T2V clip,
204 frames at 25 fps (8.16 s), 540×960 vertical.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Document, Model
from .vocabulary import Angle, CameraMove, LineKind, Setting, ShotSize, TimeOfDay


class RenderSpec(Model):
    frames: int = Field(default=204, ge=1, le=2000)
    fps: int = Field(default=25, ge=1, le=120)
    width: int = Field(default=540, ge=16, le=4096)
    height: int = Field(default=960, ge=16, le=4096)

    @model_validator(mode="after")
    def _even(self) -> RenderSpec:
        if self.width % 2 or self.height % 2:
            raise ValueError("画面宽高必须是偶数（yuv420p 编码要求）")
        return self

    @property
    def seconds(self) -> float:
        return self.frames / self.fps

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)


class Placement(Model):
    """Where a character stands in the frame: x from 0 (left edge) to 1 (right edge)."""

    name: str
    x: float = Field(default=0.5, ge=0, le=1)
    facing: Literal["front", "left", "right", "back"] = "front"


class Cue(Model):
    """A spoken line inside a shot, timed in seconds from the shot's first frame."""

    kind: LineKind = LineKind.DIALOGUE
    speaker: str
    text: str = Field(min_length=1)
    emotion: str = ""
    start: float = Field(ge=0)
    end: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Cue:
        if self.end <= self.start:
            raise ValueError("台词的结束时间必须晚于开始时间")
        if self.kind == LineKind.ACTION:
            raise ValueError("台词只能是对白或旁白")
        return self


class Shot(Model):
    episode: int = Field(ge=1)
    number: int = Field(ge=1, description="镜号（本集内从 1 起）")
    scene: str = Field(description="场号")
    shot_size: ShotSize = ShotSize.MEDIUM
    camera_move: CameraMove = CameraMove.FIXED
    angle: Angle = Angle.EYE_LEVEL
    location: str
    time: TimeOfDay = TimeOfDay.DAY
    setting: Setting = Setting.INTERIOR
    description: str = Field(min_length=1, description="画面内容：只写看得见的动作")
    characters: list[Placement] = Field(default_factory=list)
    cues: list[Cue] = Field(default_factory=list, description="台词 / 旁白")
    sfx: str = Field(default="", description="音效")
    music: str = Field(default="", description="音乐")
    duration: float = Field(gt=0, description="时长（秒）")
    hook: bool = False
    cliffhanger: bool = False
    action_continue: str = Field(default="", description="承接上一镜结束时的状态")
    keyframe_prompt: str = ""
    video_prompt: str = ""
    negative_prompt: str = ""
    notes: str = ""

    @model_validator(mode="after")
    def _cues_inside(self) -> Shot:
        for cue in self.cues:
            if cue.end > self.duration + 1e-6:
                raise ValueError(f"镜头 {self.number} 的台词“{cue.text[:10]}”超出镜头时长")
        return self

    @property
    def id(self) -> str:
        """Stable name of the shot inside a project: e01-s003."""
        return shot_id(self.episode, self.number)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.characters]

    @property
    def spoken_text(self) -> str:
        return " ".join(cue.text for cue in self.cues)


def shot_id(episode: int, number: int) -> str:
    return f"e{episode:02d}-s{number:03d}"


class EpisodeBoard(Model):
    number: int = Field(ge=1)
    title: str
    shots: list[Shot] = Field(min_length=1)

    @property
    def seconds(self) -> float:
        return sum(s.duration for s in self.shots)


class Storyboard(Document):
    kind: Literal["storyboard"] = "storyboard"
    spec: RenderSpec = Field(default_factory=RenderSpec)
    episodes: list[EpisodeBoard] = Field(min_length=1)

    def episode(self, number: int) -> EpisodeBoard:
        for episode in self.episodes:
            if episode.number == number:
                return episode
        raise KeyError(f"分镜中没有第{number}集")

    def shot(self, episode: int, number: int) -> Shot:
        for shot in self.episode(episode).shots:
            if shot.number == number:
                return shot
        raise KeyError(f"第{episode}集没有第{number}镜")

    def shots(self) -> list[Shot]:
        return [s for e in self.episodes for s in e.shots]
