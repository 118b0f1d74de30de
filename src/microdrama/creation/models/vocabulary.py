"""The closed vocabularies of a Chinese shot list (分镜表): shot sizes (景别), camera moves (运镜),
camera angles (机位角度), and the small enums scripts use (line kinds, day / night, interior /
exterior). Values are the Chinese terms editors type; each member's English name says what it is.

Camera moves map onto the vocabulary Step-Video-TI2V was tested with, so a prompt for a real video
model names the move the way that model understands it.
"""

from __future__ import annotations

from enum import StrEnum


class ShotSize(StrEnum):
    EXTREME_WIDE = "大远景"
    WIDE = "远景"
    FULL = "全景"
    MEDIUM = "中景"
    MEDIUM_CLOSE = "中近景"
    CLOSE = "近景"
    CLOSE_UP = "特写"
    EXTREME_CLOSE_UP = "大特写"
    OVER_SHOULDER = "过肩"
    TWO_SHOT = "双人"
    INSERT = "插入"
    CUTAWAY = "空镜"
    POV = "主观"


class CameraMove(StrEnum):
    FIXED = "固定"
    PUSH_IN = "推"
    PULL_OUT = "拉"
    PAN = "摇"
    TRUCK = "移"
    FOLLOW = "跟"
    CRANE_UP = "升"
    CRANE_DOWN = "降"
    ORBIT = "环绕"
    WHIP = "甩"


class Angle(StrEnum):
    EYE_LEVEL = "平视"
    HIGH = "俯拍"
    LOW = "仰拍"
    DUTCH = "荷兰角"
    TOP_DOWN = "顶视"


class LineKind(StrEnum):
    ACTION = "action"
    DIALOGUE = "dialogue"
    VOICEOVER = "voiceover"


class TimeOfDay(StrEnum):
    DAY = "日"
    NIGHT = "夜"


class Setting(StrEnum):
    INTERIOR = "内"
    EXTERIOR = "外"


class Gender(StrEnum):
    FEMALE = "女"
    MALE = "男"


# How each camera move is phrased for a video model (Step-Video-TI2V's tested list, in Chinese and
# English); the prompt builder appends it to the shot's video prompt.
CAMERA_MOVE_PROMPTS: dict[CameraMove, tuple[str, str]] = {
    CameraMove.FIXED: ("固定镜头", "fixed camera"),
    CameraMove.PUSH_IN: ("镜头推进", "dolly in"),
    CameraMove.PULL_OUT: ("镜头拉远", "dolly out"),
    CameraMove.PAN: ("镜头右摇", "pan right"),
    CameraMove.TRUCK: ("镜头右移", "truck right"),
    CameraMove.FOLLOW: ("镜头跟随", "tracking shot"),
    CameraMove.CRANE_UP: ("镜头上移", "crane up"),
    CameraMove.CRANE_DOWN: ("镜头下移", "crane down"),
    CameraMove.ORBIT: ("镜头环绕", "orbit"),
    CameraMove.WHIP: ("镜头快速甩动", "whip pan"),
}
