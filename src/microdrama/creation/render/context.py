"""Everything rendering needs to know about the project it renders for, in one value."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..backends import Backends
from ..labels.implicit import LabelPolicy
from ..labels.provenance import SigningCredentials
from ..models.bible import SeriesBible
from ..models.outputs import CharacterDesign
from ..models.storyboard import RenderSpec


@dataclass
class RenderContext:
    root: Path  # the project folder; every recorded path is relative to it
    project_id: str
    bible: SeriesBible
    spec: RenderSpec
    design: CharacterDesign | None
    backends: Backends
    labels: LabelPolicy
    credentials: SigningCredentials

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def references(self, name: str) -> list[Path]:
        """A character's reference images: the creator's own, else the character-design sheets."""
        character = self.bible.character(name)
        paths = character.reference_images.paths() if character else []
        if not paths and self.design is not None:
            sheet = self.design.sheet_for(character.name if character else name)
            paths = sheet.images.paths() if sheet else []
        return [self.root / p for p in paths if (self.root / p).is_file()]


def publish(src: Path, dst: Path) -> Path:
    """Put a cached file at its readable place in the project (a hard link when possible)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if dst.exists() and os.path.samefile(src, dst):
        return dst  # already there (renaming a link onto itself would leave the temporary name behind)
    tmp = dst.with_name(dst.name + ".link")
    tmp.unlink(missing_ok=True)
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copy2(src, tmp)
    tmp.replace(dst)
    return dst
