"""The series bible (剧集设定): the premise a creator starts from, the characters with their fixed
appearance text, wardrobe, voice and reference images, the recurring locations, and the episode
outline with each episode's opening hook, cliffhanger and paywall flag (付费卡点).

Scripts, shots and prompts all refer back to names defined here; the review stage checks that
they do.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from .base import Document, Model
from .vocabulary import Gender, Setting, TimeOfDay

# Short-drama conventions from industry practice (reference §1.5): defaults a creator can change.
DEFAULT_HOOK_SECONDS = 3.0
MIN_HOOK_SECONDS, MAX_HOOK_SECONDS = 3.0, 8.0
DEFAULT_EPISODE_SECONDS = 60.0


class Premise(Model):
    """What a creator types to start a project."""

    premise: str = Field(min_length=4, max_length=500, description="一句话故事梗概")
    genre: str = Field(min_length=1, max_length=20, description="题材，如 逆袭、甜宠、悬疑、家庭、古装")
    episodes: int = Field(ge=1, le=100, description="集数")
    seed: int = Field(default=7, ge=0, description="随机种子：同一种子、同一输入得到同一结果")
    hook_seconds: float = Field(default=DEFAULT_HOOK_SECONDS, ge=MIN_HOOK_SECONDS, le=MAX_HOOK_SECONDS)
    episode_seconds: float = Field(
        default=DEFAULT_EPISODE_SECONDS, ge=10, le=900, description="每集目标时长（秒）"
    )
    paywall_episodes: list[int] | None = Field(default=None, description="付费卡点集数；不填则按惯例自动安排")

    @field_validator("premise", "genre")
    @classmethod
    def _stripped(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("不能为空")
        return value


class Voice(Model):
    """How a character sounds: the TTS engine, its voice and speaking rate."""

    engine: str = "espeak-ng"
    voice_id: str = "cmn"
    rate: int = Field(default=170, ge=80, le=450, description="语速（espeak：每分钟词数）")
    pitch: int = Field(default=50, ge=0, le=99)


class ReferenceImages(Model):
    """三视图: front, side and back reference images (paths relative to the project folder)."""

    front: str | None = None
    side: str | None = None
    back: str | None = None

    def paths(self) -> list[str]:
        return [p for p in (self.front, self.side, self.back) if p]


class Character(Model):
    id: str = Field(default="", description="稳定的角色编号，如 c1；留空时自动编号")
    name: str = Field(min_length=1, max_length=12)
    aliases: list[str] = Field(default_factory=list, description="别称，如 林总、晚晚")
    role: str = Field(default="配角", description="主角 / 男主 / 女主 / 反派 / 配角")
    gender: Gender = Gender.FEMALE
    age: int = Field(default=25, ge=1, le=120)
    appearance: str = Field(min_length=1, description="固定外貌描述，逐字写入每一条画面提示词")
    wardrobe: str = Field(default="", description="默认服装")
    wardrobe_by_episode: dict[int, str] = Field(default_factory=dict, description="按集换装")
    personality: str = ""
    speaking_style: str = ""
    voice: Voice = Field(default_factory=Voice)
    reference_images: ReferenceImages = Field(default_factory=ReferenceImages)
    color: str = Field(default="", description="分镜画面里这个角色的代表色（#rrggbb）")
    seed: int = 0

    def wardrobe_for(self, episode: int) -> str:
        return self.wardrobe_by_episode.get(episode, self.wardrobe)

    def answers_to(self, name: str) -> bool:
        return name == self.name or name in self.aliases


class Location(Model):
    name: str = Field(min_length=1)
    time: TimeOfDay = TimeOfDay.DAY
    setting: Setting = Setting.INTERIOR
    description: str = ""


class Hook(Model):
    """The opening hook (黄金3秒): what grabs the viewer, and by when it must land."""

    seconds: float = Field(default=DEFAULT_HOOK_SECONDS, ge=0, le=MAX_HOOK_SECONDS)
    description: str = Field(min_length=1)


class EpisodeOutline(Model):
    number: int = Field(ge=1)
    title: str = Field(min_length=1)
    synopsis: str = Field(min_length=1, description="本集梗概（≤ 50 字为宜）")
    hook: Hook
    cliffhanger: str = Field(min_length=1, description="结尾卡点")
    is_paywall: bool = Field(default=False, description="付费卡点集")
    target_seconds: float = Field(default=DEFAULT_EPISODE_SECONDS, ge=10, le=900)


class SeriesBible(Document):
    kind: Literal["series_bible"] = "series_bible"
    title: str = Field(min_length=1)
    genre: str
    premise: str
    logline: str
    synopsis: str = ""
    style: str = Field(default="", description="画面风格，写入每一条画面提示词")
    aspect: str = "9:16"
    target_episodes: int = Field(ge=1)
    paywall_episodes: list[int] = Field(default_factory=list)
    characters: list[Character] = Field(min_length=1)
    locations: list[Location] = Field(default_factory=list)
    episodes: list[EpisodeOutline] = Field(min_length=1)
    seed: int = 0

    @model_validator(mode="after")
    def _consistent(self) -> SeriesBible:
        names: set[str] = set()
        for character in self.characters:
            for name in (character.name, *character.aliases):
                if name in names:
                    raise ValueError(f"角色名或别称“{name}”重复")
                names.add(name)
        numbers = [e.number for e in self.episodes]
        if len(set(numbers)) != len(numbers):
            raise ValueError("分集编号重复")
        return self

    def character(self, name: str) -> Character | None:
        """The character a name or alias refers to."""
        return next((c for c in self.characters if c.answers_to(name)), None)

    def character_by_id(self, character_id: str) -> Character | None:
        return next((c for c in self.characters if c.id == character_id), None)

    def location(self, name: str) -> Location | None:
        return next((loc for loc in self.locations if loc.name == name), None)

    def outline(self, number: int) -> EpisodeOutline:
        for episode in self.episodes:
            if episode.number == number:
                return episode
        raise KeyError(f"第{number}集不在剧集设定中")
