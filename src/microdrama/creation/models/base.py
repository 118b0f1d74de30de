"""What every saved creation document shares: a `kind` and a `schema_version`, strict field
checking, and JSON in and out (UTF-8, Chinese kept readable).

A document whose version is newer than this code understands is refused with a clear message
instead of being half-read; older versions are upgraded here when the schema changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from pydantic import BaseModel, ConfigDict, model_validator

SCHEMA_VERSION = 1


class Model(BaseModel):
    """Base of every creation model: unknown fields are errors (a typo in an edit must not vanish)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)


class Document(Model):
    """A stage output saved as one JSON file."""

    schema_version: int = SCHEMA_VERSION

    @model_validator(mode="before")
    @classmethod
    def _known_version(cls, data):
        if isinstance(data, dict):
            version = data.get("schema_version", SCHEMA_VERSION)
            if isinstance(version, int) and version > SCHEMA_VERSION:
                raise ValueError(
                    f"文件格式版本 {version} 比本程序支持的版本 {SCHEMA_VERSION} 新，请升级后再打开"
                )
        return data

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        return cls.model_validate_json(text)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(self.to_json() + "\n", encoding="utf-8")
        tmp.replace(path)  # atomic: a reader never sees half a document
        return path

    @classmethod
    def load(cls, path: str | Path) -> Self:
        return cls.from_json(Path(path).read_bytes())
