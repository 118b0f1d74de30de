"""The prompt builder: a shot plus the bible → the keyframe (text-to-image) prompt, the video
prompt and the negative prompt a real model is given. Deterministic, no model involved.

Each character's fixed appearance text is copied verbatim into every prompt of every shot they
are in — the text half of character consistency (reference images are the other half). Step-Video's
own positive and negative "magic" prompts are appended, as its pipeline does.
"""

from __future__ import annotations

from .models.bible import SeriesBible
from .models.storyboard import Shot
from .models.vocabulary import CAMERA_MOVE_PROMPTS

# From Step-Video-T2V's pipeline (reference §2.1): appended to every positive / used as negative.
STEP_POSITIVE_MAGIC = "超高清、HDR 视频、环境光、杜比全景声、画面稳定、流畅动作、逼真的细节、专业级构图、超现实主义、自然、生动、超细节、清晰。"
STEP_NEGATIVE_MAGIC = (
    "画面暗、低分辨率、不良手、文本、缺少手指、多余的手指、裁剪、低质量、颗粒状、签名、水印、用户名、模糊。"
)


def character_lines(shot: Shot, bible: SeriesBible) -> list[str]:
    lines = []
    for name in shot.names:
        character = bible.character(name)
        if character is None:
            continue
        wardrobe = character.wardrobe_for(shot.episode)
        lines.append(f"{character.name}：{character.appearance}" + (f"，身穿{wardrobe}" if wardrobe else ""))
    return lines


def keyframe_prompt(shot: Shot, bible: SeriesBible) -> str:
    location = bible.location(shot.location)
    setting = f"{shot.location}（{shot.time.value}，{shot.setting.value}景）"
    if location and location.description:
        setting += f"，{location.description}"
    parts = [
        f"{shot.shot_size.value}，{shot.angle.value}",
        f"场景：{setting}",
        f"画面：{shot.description}",
        *character_lines(shot, bible),
        bible.style or "电影感布光",
        "竖屏 9:16 构图",
    ]
    return "；".join(p for p in parts if p)


def video_prompt(shot: Shot, bible: SeriesBible) -> str:
    move_zh, move_en = CAMERA_MOVE_PROMPTS[shot.camera_move]
    return f"{keyframe_prompt(shot, bible)}；运镜：{move_zh}（{move_en}）。{STEP_POSITIVE_MAGIC}"


def with_prompts(shot: Shot, bible: SeriesBible) -> Shot:
    return shot.model_copy(
        update={
            "keyframe_prompt": keyframe_prompt(shot, bible),
            "video_prompt": video_prompt(shot, bible),
            "negative_prompt": STEP_NEGATIVE_MAGIC,
        }
    )


def turnaround_prompt(bible: SeriesBible, name: str, view: str) -> str:
    """Prompt for one view of a character's 三视图 reference sheet."""
    character = bible.character(name)
    if character is None:
        raise KeyError(name)
    view_zh = {"front": "正面", "side": "侧面", "back": "背面"}[view]
    return (
        f"角色设定图，{view_zh}全身站姿，纯色背景；{character.name}：{character.appearance}"
        f"，身穿{character.wardrobe}；{bible.style}"
    )
