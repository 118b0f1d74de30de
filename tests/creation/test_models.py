"""Stage outputs are typed, versioned JSON: they round-trip, refuse unknown fields and newer
versions, and enforce the shot list's invariants."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from microdrama.creation.models import (
    SCHEMA_VERSION,
    Cue,
    Premise,
    ReviewReport,
    Scripts,
    SeriesBible,
    Shot,
    Storyboard,
)
from microdrama.creation.stages.storyboard import storyboard


def test_every_stage_document_round_trips_through_json(series):
    bible, scripts = series
    board = storyboard(bible, scripts)
    for document, model in ((bible, SeriesBible), (scripts, Scripts), (board, Storyboard)):
        text = document.to_json()
        assert model.from_json(text) == document
        assert f'"schema_version": {SCHEMA_VERSION}' in text
        assert "\\u" not in text  # Chinese stays readable in the file


def test_a_document_from_a_newer_version_is_refused_with_a_clear_message(series):
    bible, _ = series
    data = bible.model_dump(mode="json") | {"schema_version": SCHEMA_VERSION + 1}
    with pytest.raises(ValidationError, match="请升级"):
        SeriesBible.model_validate(data)


def test_a_misspelt_field_in_an_edit_is_an_error_not_silently_dropped(series):
    bible, _ = series
    data = bible.model_dump(mode="json")
    data["characters"][0]["apperance"] = "拼错的字段"
    with pytest.raises(ValidationError, match="apperance"):
        SeriesBible.model_validate(data)


def test_two_characters_cannot_share_a_name(series):
    bible, _ = series
    data = bible.model_dump(mode="json")
    data["characters"][1]["name"] = data["characters"][0]["name"]
    with pytest.raises(ValidationError, match="重复"):
        SeriesBible.model_validate(data)


def test_a_line_cannot_be_spoken_after_its_shot_has_ended():
    with pytest.raises(ValidationError, match="超出镜头时长"):
        Shot(
            episode=1,
            number=1,
            scene="1-1",
            location="街角",
            description="她转身",
            duration=8.16,
            cues=[Cue(speaker="林晚", text="你来晚了。", start=7.0, end=9.0)],
        )


def test_a_premise_needs_a_genre_and_a_sensible_episode_count():
    with pytest.raises(ValidationError):
        Premise(premise="一个故事梗概", genre=" ", episodes=2)
    with pytest.raises(ValidationError):
        Premise(premise="一个故事梗概", genre="甜宠", episodes=0)
    with pytest.raises(ValidationError):
        Premise(premise="一个故事梗概", genre="甜宠", episodes=2, hook_seconds=12)


def test_an_empty_review_passes_and_errors_fail_it():
    assert ReviewReport().passed
