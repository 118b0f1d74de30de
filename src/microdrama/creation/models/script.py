"""Episode scripts (分集剧本): scenes of action, dialogue and voice-over lines, with the lines that
carry the opening hook and the closing cliffhanger marked, so the review stage can time them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from .base import Document, Model
from .bible import Hook
from .vocabulary import LineKind, Setting, TimeOfDay


class ScriptLine(Model):
    kind: LineKind
    text: str = Field(min_length=1)
    speaker: str | None = Field(default=None, description="对白 / 旁白的说话人（剧集设定中的角色名）")
    emotion: str = Field(default="", description="表演提示，写入剧本括注")
    characters: list[str] = Field(default_factory=list, description="动作行中出现在画面里的角色")
    hook: bool = Field(default=False, description="开场钩子")
    cliffhanger: bool = Field(default=False, description="结尾卡点")

    @field_validator("text", "emotion")
    @classmethod
    def _one_line(cls, value: str) -> str:
        value = " ".join(value.split())  # a script line is one paragraph: no line breaks inside
        return value

    @model_validator(mode="after")
    def _speaker_when_spoken(self) -> ScriptLine:
        if self.kind != LineKind.ACTION and not self.speaker:
            raise ValueError("对白和旁白必须写明说话人")
        return self

    @property
    def spoken(self) -> bool:
        return self.kind != LineKind.ACTION

    @property
    def people(self) -> list[str]:
        """Everyone this line puts on screen or on the soundtrack."""
        names = list(self.characters)
        if self.speaker and self.speaker not in names:
            names.insert(0, self.speaker)
        return names


class Scene(Model):
    number: str = Field(pattern=r"^\d+-\d+$", description="场号，如 1-1（第1集第1场）")
    location: str = Field(min_length=1)
    time: TimeOfDay = TimeOfDay.DAY
    setting: Setting = Setting.INTERIOR
    characters: list[str] = Field(default_factory=list)
    synopsis: str = ""
    mood: str = ""
    lines: list[ScriptLine] = Field(min_length=1)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.location} {self.time.value} {self.setting.value}"


class EpisodeScript(Model):
    number: int = Field(ge=1)
    title: str = Field(min_length=1)
    synopsis: str = ""
    hook: Hook
    cliffhanger: str = Field(min_length=1)
    is_paywall: bool = False
    scenes: list[Scene] = Field(min_length=1)

    def lines(self) -> list[ScriptLine]:
        return [line for scene in self.scenes for line in scene.lines]


class Scripts(Document):
    kind: Literal["scripts"] = "scripts"
    series_title: str
    episodes: list[EpisodeScript] = Field(min_length=1)

    def episode(self, number: int) -> EpisodeScript:
        for episode in self.episodes:
            if episode.number == number:
                return episode
        raise KeyError(f"剧本中没有第{number}集")
