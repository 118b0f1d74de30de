"""The offline image backend: storyboard frames and character reference views drawn with Pillow.

A frame shows the composition a director reads in a storyboard: the setting (interior or exterior,
day or night, a horizon that moves with the camera angle), the shot size as framing (a wide shot
shows whole small figures, a close-up one face filling the frame), every character as a labelled
figure in their own colour where the storyboard places them, and the scene, shot data and action
as captions. Deterministic: the same request draws the same picture.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from ..models.bible import Character
from ..models.storyboard import Placement
from ..models.vocabulary import Angle, Gender, Setting, ShotSize, TimeOfDay
from .base import CHARACTER_VIEW_SIZE, CharacterViewRequest, KeyframeRequest, keyframe_size
from .drawing import text_box, wrap

ARTIST_VERSION = "2"

# Figure height and where the head's top sits, as fractions of the frame height, per shot size:
# the framing is what makes a 近景 look like a 近景.
_FRAMING: dict[ShotSize, tuple[float, float]] = {
    ShotSize.EXTREME_WIDE: (0.10, 0.62),
    ShotSize.WIDE: (0.22, 0.55),
    ShotSize.FULL: (0.56, 0.39),
    ShotSize.MEDIUM: (1.25, 0.31),
    ShotSize.TWO_SHOT: (1.25, 0.31),
    ShotSize.POV: (1.25, 0.32),
    ShotSize.MEDIUM_CLOSE: (1.7, 0.31),
    ShotSize.OVER_SHOULDER: (1.7, 0.31),
    ShotSize.CLOSE: (2.3, 0.30),
    ShotSize.CLOSE_UP: (3.2, 0.28),
    ShotSize.EXTREME_CLOSE_UP: (6.0, -0.12),
    ShotSize.INSERT: (0.22, 0.55),
    ShotSize.CUTAWAY: (0.22, 0.55),
}
_CLOSE = {ShotSize.CLOSE, ShotSize.CLOSE_UP, ShotSize.EXTREME_CLOSE_UP}
_HORIZON = {Angle.EYE_LEVEL: 0.58, Angle.HIGH: 0.36, Angle.LOW: 0.80, Angle.DUTCH: 0.58, Angle.TOP_DOWN: -1.0}
_SKIN = (241, 200, 165)


def _rgb(color: str, default=(120, 120, 120)) -> tuple[int, int, int]:
    try:
        color = color.lstrip("#")
        return tuple(int(color[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    except (ValueError, IndexError):
        return default


def _shade(rgb, factor: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(c * factor))) for c in rgb)  # type: ignore[return-value]


@dataclass(frozen=True)
class _Palette:
    top: tuple[int, int, int]
    bottom: tuple[int, int, int]
    ground: tuple[int, int, int]
    accent: tuple[int, int, int]


def _palette(time: TimeOfDay, setting: Setting) -> _Palette:
    if setting == Setting.INTERIOR:
        if time == TimeOfDay.DAY:
            return _Palette((226, 212, 186), (196, 176, 146), (139, 107, 74), (250, 240, 210))
        return _Palette((44, 51, 80), (27, 32, 54), (58, 46, 42), (255, 196, 110))
    if time == TimeOfDay.DAY:
        return _Palette((142, 197, 232), (223, 238, 247), (112, 124, 96), (255, 255, 255))
    return _Palette((11, 20, 51), (36, 59, 107), (45, 45, 52), (255, 90, 160))


class StoryboardArtist:
    """`ImageBackend` drawn with Pillow; no model, no network."""

    identity = f"pillow-storyboard/{ARTIST_VERSION}"

    # ----------------------------------------------------------------- keyframes
    def keyframe(self, request: KeyframeRequest, out: Path) -> Path:
        w, h = keyframe_size(request.spec)
        shot = request.shot
        rng = random.Random(f"{request.seed}|{shot.id}")
        horizon = _HORIZON.get(shot.angle, 0.58)
        image = self._background(w, h, shot, request, horizon, rng)
        self._figures(image, shot.shot_size, shot.characters, request.characters, horizon, shot.angle)
        if shot.angle == Angle.DUTCH:  # tilt the world, then fill the corners by scaling
            image = (
                image.rotate(8, resample=Image.BICUBIC, expand=False)
                .resize((int(w * 1.18), int(h * 1.18)), Image.BICUBIC)
                .crop((int(w * 0.09), int(h * 0.09), int(w * 0.09) + w, int(h * 0.09) + h))
            )
        self._captions(image, request)
        out.parent.mkdir(parents=True, exist_ok=True)
        image.convert("RGB").save(out, format="PNG", optimize=False, compress_level=3)
        return out

    def _background(
        self, w, h, shot, request: KeyframeRequest, horizon: float, rng: random.Random
    ) -> Image.Image:
        pal = _palette(shot.time, shot.setting)
        y = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
        top, bottom = np.array(pal.top, np.float32), np.array(pal.bottom, np.float32)
        sky = top + (bottom - top) * y
        pixels = np.broadcast_to(sky, (h, w, 3)).copy()
        hy = int(h * horizon) if horizon > 0 else 0
        ground = np.array(pal.ground, np.float32)
        if hy < h:
            depth = np.linspace(0.85, 1.15, h - hy, dtype=np.float32)[:, None, None]
            pixels[hy:] = ground * depth
        # texture: blotches plus grain, seeded, so camera motion is visible and nothing is flat
        nprng = np.random.default_rng(rng.randrange(2**32))
        blotch = nprng.normal(0, 1, (h // 40 + 2, w // 40 + 2)).astype(np.float32)
        blotch = np.asarray(Image.fromarray(blotch).resize((w, h), Image.BICUBIC), dtype=np.float32)
        pixels += blotch[..., None] * 7 + nprng.normal(0, 3, (h, w, 1)).astype(np.float32)
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).convert("RGBA")
        draw = ImageDraw.Draw(image)
        text = f"{shot.location}{request.location.description if request.location else ''}{shot.description}"
        if horizon <= 0:  # top-down: floor tiles instead of a horizon
            step = w // 6
            for x in range(0, w, step):
                draw.line([(x, 0), (x, h)], fill=_shade(pal.ground, 0.8), width=3)
            for yy in range(0, h, step):
                draw.line([(0, yy), (w, yy)], fill=_shade(pal.ground, 0.8), width=3)
        elif shot.setting == Setting.INTERIOR:
            self._interior(draw, w, h, hy, pal, shot.time, rng)
        else:
            self._exterior(draw, w, h, hy, pal, shot.time, rng)
        if "雨" in text:
            for _ in range(140):
                x, yy = rng.randrange(w), rng.randrange(h)
                draw.line([(x, yy), (x - 10, yy + 38)], fill=(200, 210, 230, 120), width=2)
        if shot.shot_size in _CLOSE or shot.shot_size in (ShotSize.MEDIUM_CLOSE, ShotSize.OVER_SHOULDER):
            image = image.filter(
                ImageFilter.GaussianBlur(6 if shot.shot_size in _CLOSE else 3)
            )  # depth of field
        return image

    @staticmethod
    def _interior(draw, w, h, hy, pal: _Palette, time: TimeOfDay, rng) -> None:
        wall_line = _shade(pal.bottom, 0.85)
        draw.line([(0, hy), (w, hy)], fill=wall_line, width=4)
        glass = (170, 205, 230) if time == TimeOfDay.DAY else (40, 60, 110)
        for i in range(2):
            x0 = int(w * (0.12 + 0.5 * i + rng.uniform(-0.03, 0.03)))
            y0 = int(hy * 0.22)
            draw.rectangle(
                [x0, y0, x0 + int(w * 0.26), y0 + int(hy * 0.45)], fill=glass, outline=wall_line, width=6
            )
            draw.line(
                [(x0 + int(w * 0.13), y0), (x0 + int(w * 0.13), y0 + int(hy * 0.45))], fill=wall_line, width=4
            )
            if time == TimeOfDay.NIGHT:  # city lights through the glass
                for _ in range(12):
                    lx = x0 + rng.randrange(8, int(w * 0.25))
                    ly = y0 + rng.randrange(8, int(hy * 0.44))
                    draw.rectangle([lx, ly, lx + 5, ly + 5], fill=(255, 220, 140))
        table_y = hy + int((h - hy) * 0.25)
        draw.rectangle(
            [int(w * 0.3), table_y, int(w * 0.7), table_y + int(h * 0.02)], fill=_shade(pal.ground, 0.6)
        )
        if time == TimeOfDay.NIGHT:
            cx = int(w * rng.uniform(0.2, 0.8))
            draw.ellipse([cx - 60, int(hy * 0.05) - 20, cx + 60, int(hy * 0.05) + 40], fill=(*pal.accent, 90))

    @staticmethod
    def _exterior(draw, w, h, hy, pal: _Palette, time: TimeOfDay, rng) -> None:
        x = -rng.randrange(0, 60)
        while x < w:
            bw, bh = rng.randrange(70, 150), int(hy * rng.uniform(0.25, 0.6))
            tone = _shade(pal.bottom, 0.55 if time == TimeOfDay.NIGHT else 0.8)
            draw.rectangle([x, hy - bh, x + bw, hy], fill=tone)
            if time == TimeOfDay.NIGHT:
                for wy in range(hy - bh + 12, hy - 10, 22):
                    for wx in range(x + 10, x + bw - 10, 20):
                        if rng.random() < 0.45:
                            draw.rectangle([wx, wy, wx + 8, wy + 10], fill=(255, 214, 120))
            x += bw + rng.randrange(4, 30)
        draw.line([(0, hy), (w, hy)], fill=_shade(pal.ground, 0.7), width=4)
        for i in range(3):  # street lamps / trees give depth cues
            lx = int(w * (0.15 + 0.35 * i))
            draw.line([(lx, hy + 40), (lx, hy - int(hy * 0.35))], fill=(40, 40, 40), width=6)
            glow = pal.accent if time == TimeOfDay.NIGHT else (90, 140, 80)
            draw.ellipse([lx - 26, hy - int(hy * 0.35) - 26, lx + 26, hy - int(hy * 0.35) + 26], fill=glow)

    # ----------------------------------------------------------------- figures
    def _figures(
        self,
        image,
        size: ShotSize,
        placements: list[Placement],
        cast: dict[str, Character],
        horizon: float,
        angle: Angle,
    ) -> None:
        w, h = image.size
        if not placements:
            return
        fig_h, top = _FRAMING.get(size, (1.25, 0.24))
        if size in (ShotSize.WIDE, ShotSize.EXTREME_WIDE, ShotSize.INSERT, ShotSize.CUTAWAY) and horizon > 0:
            top = horizon - fig_h * 0.6
        if angle == Angle.TOP_DOWN:
            for p in placements:
                self._top_down(image, p, cast.get(p.name), int(h * 0.09))
            return
        draws: list[tuple[Placement, float, float, float, str]] = []
        if size in _CLOSE:  # a close shot holds one face; the others are off-frame
            draws.append((placements[0].model_copy(update={"x": 0.5}), fig_h, top, 1.0, placements[0].facing))
        elif size == ShotSize.OVER_SHOULDER and len(placements) >= 2:
            speaker, listener = placements[0], placements[1]
            draws.append((speaker.model_copy(update={"x": 0.62}), fig_h * 0.8, top, 1.0, "front"))
            # the listener is nearest the camera: drawn last, large, dark, seen from behind
            draws.append((listener.model_copy(update={"x": 0.1}), fig_h * 1.4, top + 0.12, 0.55, "back"))
        else:
            xs = sorted(p.x for p in placements)
            gap = min((b - a for a, b in itertools.pairwise(xs)), default=1.0)
            # people side by side must fit the narrow vertical frame: loosen the framing until they do
            fit = min(fig_h, gap * w * 0.46 / (0.14 * h))
            for p in placements:
                draws.append((p, fit, top, 1.0, p.facing))
        tags = []
        for placement, fh, ft, shade, facing in draws:
            character = cast.get(placement.name)
            self._figure(image, placement, character, int(fh * h), int(ft * h), shade, facing)
            if character is not None:
                tags.append((character.name, int(placement.x * w), int(ft * h), int(fh * h)))
        for name, cx, ft, fh in tags:  # names last, so no figure hides another's label
            self._name_tag(image, name, cx, ft, fh, int(0.075 * fh), size)

    def _figure(
        self,
        image: Image.Image,
        p: Placement,
        character: Character | None,
        fh: int,
        top: int,
        shade: float,
        facing: str,
    ) -> None:
        w, _h = image.size
        layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
        d = ImageDraw.Draw(layer)
        cx = int(p.x * w)
        body = _shade(_rgb(character.color if character else ""), shade)
        skin = _shade(_SKIN, shade)
        old = character is not None and character.age >= 55
        hair = _shade((150, 150, 150) if old else (43, 29, 22), shade)
        female = character is not None and character.gender == Gender.FEMALE
        robe = character is not None and any(k in character.wardrobe for k in ("裙", "袍", "褙子", "襦"))
        r = int(0.075 * fh)
        head_cy = top + r
        shoulder_y, hip_y, foot_y = top + int(0.17 * fh), top + int(0.52 * fh), top + fh
        sw, hw = int(0.14 * fh), int(0.10 * fh)
        if female:  # long hair behind the shoulders
            d.rounded_rectangle(
                [cx - int(r * 1.15), head_cy - r, cx + int(r * 1.15), shoulder_y + int(0.06 * fh)],
                radius=r,
                fill=hair,
            )
        hem = foot_y if robe else hip_y
        d.polygon(
            [
                (cx - sw, shoulder_y),
                (cx + sw, shoulder_y),
                (cx + hw + (sw - hw if robe else 0), hem),
                (cx - hw - (sw - hw if robe else 0), hem),
            ],
            fill=body,
        )
        arm = int(0.05 * fh)
        for side in (-1, 1):
            d.line(
                [(cx + side * sw, shoulder_y + arm // 2), (cx + side * (sw + arm), hip_y)],
                fill=_shade(body, 0.85),
                width=arm,
            )
            if not robe:
                d.rectangle(
                    [
                        cx + side * hw - (arm if side > 0 else 0),
                        hip_y,
                        cx + side * hw + (0 if side > 0 else arm),
                        foot_y,
                    ],
                    fill=_shade(body, 0.6),
                )
        d.rectangle([cx - r // 3, head_cy + r - 4, cx + r // 3, shoulder_y + 2], fill=skin)  # neck
        d.ellipse([cx - r, head_cy - r, cx + r, head_cy + r], fill=hair if facing == "back" else skin)
        if facing != "back":
            d.chord([cx - r, head_cy - r, cx + r, head_cy + r], start=195, end=345, fill=hair)  # hair line
            shift = {"left": -0.35, "right": 0.35}.get(facing, 0.0) * r
            eye_y, eye_dx, eye_r = head_cy + int(0.15 * r), int(0.38 * r), max(2, int(0.1 * r))
            for side in (-1, 1):
                ex = int(cx + shift + side * eye_dx)
                d.ellipse([ex - eye_r, eye_y - eye_r, ex + eye_r, eye_y + eye_r], fill=(30, 25, 25))
            d.arc(
                [
                    int(cx + shift - 0.3 * r),
                    int(head_cy + 0.35 * r),
                    int(cx + shift + 0.3 * r),
                    int(head_cy + 0.7 * r),
                ],
                start=20,
                end=160,
                fill=(150, 60, 60),
                width=max(2, r // 14),
            )
        image.alpha_composite(layer)

    @staticmethod
    def _name_tag(image: Image.Image, name: str, cx: int, top: int, fh: int, r: int, size: ShotSize) -> None:
        w, h = image.size
        fs = max(26, min(58, int(0.045 * h)))
        if size in (ShotSize.EXTREME_WIDE, ShotSize.WIDE, ShotSize.FULL, ShotSize.INSERT, ShotSize.CUTAWAY):
            ty = top - fs - 30  # above the head
        else:
            ty = top + 2 * r + int(0.08 * fh)  # on the chest
        ty = max(int(h * 0.30), min(int(h * 0.64), ty))  # clear of the subtitles even after a push-in
        cx = max(fs * len(name) // 2 + 20, min(w - fs * len(name) // 2 - 20, cx))
        text_box(
            image,
            [name],
            fs,
            center_x=cx,
            top=ty,
            background=(255, 255, 255, 225),
            fill=(20, 20, 20, 255),
            padding=8,
            radius=12,
            outline=(20, 20, 20, 255),
        )

    def _top_down(self, image, p: Placement, character: Character | None, r: int) -> None:
        w, h = image.size
        d = ImageDraw.Draw(image)
        cx, cy = int(p.x * w), int(h * 0.5)
        body = _rgb(character.color if character else "")
        d.ellipse([cx - 2 * r, cy - r, cx + 2 * r, cy + r], fill=body)
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(43, 29, 22))
        if character is not None:
            self._name_tag(image, character.name, cx, cy + r, 4 * r, r, ShotSize.FULL)

    # ----------------------------------------------------------------- captions
    @staticmethod
    def _captions(image: Image.Image, request: KeyframeRequest) -> None:
        w, h = image.size
        shot = request.shot
        fs = int(h * 0.023)
        header = [
            f"第{shot.episode}集 · {shot.scene} {shot.location} · {shot.time.value} · {shot.setting.value}",
            f"镜 {shot.number} ｜ {shot.shot_size.value} · {shot.camera_move.value} · {shot.angle.value}",
        ]
        # inside the band every camera move keeps in frame (a full push-in shows y 13 %–87 %)
        box = text_box(
            image, header, fs, center_x=w // 2, top=int(h * 0.135), background=(0, 0, 0, 170), padding=10
        )
        caption = wrap("画面：" + shot.description, int(fs * 0.9), int(w * 0.72), max_lines=3)
        text_box(
            image,
            caption,
            int(fs * 0.9),
            center_x=w // 2,
            top=box[3] + 8,
            background=(255, 250, 235, 215),
            fill=(30, 30, 30, 255),
            padding=8,
        )

    # ----------------------------------------------------------------- character sheets
    def character_view(self, request: CharacterViewRequest, out: Path) -> Path:
        w, h = CHARACTER_VIEW_SIZE
        c = request.character
        image = Image.new("RGBA", (w, h), (236, 232, 224, 255))
        d = ImageDraw.Draw(image)
        for y in range(0, h, 40):  # a measuring grid behind the figure, as on a turnaround sheet
            d.line([(0, y), (w, y)], fill=(222, 216, 206), width=1)
        facing = {"front": "front", "side": "right", "back": "back"}[request.view]
        placement = Placement(name=c.name, x=0.5, facing=facing)  # type: ignore[arg-type]
        width_scale = 0.7 if request.view == "side" else 1.0
        figure = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        self._figure(figure, placement, c, int(h * 0.62), int(h * 0.16), 1.0, facing)
        if width_scale != 1.0:
            squeezed = figure.resize((int(w * width_scale), h), Image.BICUBIC)
            figure = Image.new("RGBA", (w, h), (0, 0, 0, 0))
            figure.alpha_composite(squeezed, ((w - squeezed.width) // 2, 0))
        image.alpha_composite(figure)
        view_zh = {"front": "正面", "side": "侧面", "back": "背面"}[request.view]
        text_box(
            image,
            [f"{c.name} · {c.role} · {view_zh}"],
            34,
            center_x=w // 2,
            top=24,
            background=(40, 40, 40, 230),
        )
        details = wrap(f"外貌：{c.appearance}", 22, w - 60, max_lines=4) + wrap(
            f"服装：{c.wardrobe}", 22, w - 60, 2
        )
        text_box(
            image,
            details,
            22,
            left=20,
            top=int(h * 0.8),
            background=(255, 255, 255, 220),
            fill=(30, 30, 30, 255),
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        image.convert("RGB").save(out, format="PNG")
        return out
