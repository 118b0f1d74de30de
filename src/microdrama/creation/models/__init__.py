"""Typed, versioned JSON models of a drama in the making: premise and series bible, scripts,
review report, storyboard, character design, render and export manifests."""

from .base import SCHEMA_VERSION, Document, Model
from .bible import (
    Character,
    EpisodeOutline,
    Hook,
    Location,
    Premise,
    ReferenceImages,
    SeriesBible,
    Voice,
)
from .outputs import (
    CharacterDesign,
    CharacterSheet,
    EpisodeRender,
    ExportManifest,
    LabelRecord,
    RenderManifest,
    ShotRender,
)
from .review import Finding, ManualCheck, ReviewReport, Severity
from .script import EpisodeScript, Scene, ScriptLine, Scripts
from .storyboard import Cue, EpisodeBoard, Placement, RenderSpec, Shot, Storyboard, shot_id
from .vocabulary import Angle, CameraMove, Gender, LineKind, Setting, ShotSize, TimeOfDay

__all__ = [
    "SCHEMA_VERSION",
    "Angle",
    "CameraMove",
    "Character",
    "CharacterDesign",
    "CharacterSheet",
    "Cue",
    "Document",
    "EpisodeBoard",
    "EpisodeOutline",
    "EpisodeRender",
    "EpisodeScript",
    "ExportManifest",
    "Finding",
    "Gender",
    "Hook",
    "LabelRecord",
    "LineKind",
    "Location",
    "ManualCheck",
    "Model",
    "Placement",
    "Premise",
    "ReferenceImages",
    "RenderManifest",
    "RenderSpec",
    "ReviewReport",
    "Scene",
    "ScriptLine",
    "Scripts",
    "SeriesBible",
    "Setting",
    "Severity",
    "Shot",
    "ShotRender",
    "ShotSize",
    "Storyboard",
    "TimeOfDay",
    "Voice",
    "shot_id",
]
