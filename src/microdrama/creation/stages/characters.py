"""Stage 5, character design (角色设计): a 三视图 reference sheet per character — front, side and
back views from the image backend, with turnaround prompts that carry the fixed appearance text —
laid out side by side. A character whose creator supplied reference images keeps them."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from ..image.base import CHARACTER_VIEW_SIZE, VIEWS, CharacterViewRequest, ImageBackend
from ..labels.implicit import LabelPolicy, implicit_label, label_png
from ..models.bible import ReferenceImages, SeriesBible
from ..models.outputs import CharacterDesign, CharacterSheet
from ..progress import Progress, ProgressEvent, ignore_progress
from ..prompts import turnaround_prompt


def design_characters(
    bible: SeriesBible,
    image: ImageBackend,
    root: Path,
    *,
    folder: str = "characters",
    labels: LabelPolicy | None = None,
    progress: Progress = ignore_progress,
) -> CharacterDesign:
    """Draw every character's views under `root/folder` and return the sheets (paths relative to root)."""
    labels = labels or LabelPolicy()
    sheets = []
    total = len(bible.characters)
    for done, character in enumerate(bible.characters):
        progress(ProgressEvent("characters", done, total, character.name))
        prompts = {view: turnaround_prompt(bible, character.name, view) for view in VIEWS}
        supplied = character.reference_images
        if supplied.paths() and all((root / p).is_file() for p in supplied.paths()):
            images, made = supplied, False
        else:
            paths = {}
            for view in VIEWS:
                rel = f"{folder}/{character.id}-{view}.png"
                out = root / rel
                image.character_view(
                    CharacterViewRequest(
                        character, view, prompts[view], bible.title, bible.style, seed=character.seed
                    ),
                    out,
                )
                label_png(
                    out, implicit_label(labels, f"{bible.title}-{character.id}-{view}"), labels.visible_text
                )
                paths[view] = rel
            images, made = ReferenceImages(**paths), True
        sheet_rel = f"{folder}/{character.id}-sheet.png"
        _lay_out([root / p for p in images.paths()], root / sheet_rel)
        label_png(root / sheet_rel, implicit_label(labels, f"{bible.title}-{character.id}-sheet"))
        sheets.append(
            CharacterSheet(
                character_id=character.id,
                name=character.name,
                prompts=prompts,
                images=images,
                sheet=sheet_rel,
                supplied=not made,
            )
        )
    progress(ProgressEvent("characters", total, total, "角色设计完成"))
    return CharacterDesign(backend=image.identity, sheets=sheets)


def _lay_out(views: list[Path], out: Path) -> None:
    w, h = CHARACTER_VIEW_SIZE
    sheet = Image.new("RGB", (w * max(1, len(views)), h), "white")
    for i, path in enumerate(views):
        with Image.open(path) as view:
            sheet.paste(view.convert("RGB").resize((w, h)), (i * w, 0))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, format="PNG")
