"""Pydantic's objections, said in Chinese with the place they refer to."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from microdrama.creation.models import Scripts, SeriesBible
from microdrama.studio.validation import explain, parse_json


def problems(model, data) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return explain(caught.value)


def test_missing_extra_and_wrong_values_are_named_by_place():
    found = problems(
        SeriesBible,
        {
            "title": "",
            "genre": "甜宠",
            "premise": "p",
            "logline": "l",
            "target_episodes": 0,
            "characters": [{"name": "林晚", "appearance": "短发", "gender": "x", "mood": 1}],
            "episodes": [],
        },
    )
    assert "剧名/标题：不能为空" in found
    assert "集数：不能小于 1" in found
    assert "角色 · 第 1 项 · 性别：取值应为：'女' or '男'" in found
    assert "角色 · 第 1 项 · mood：不认识这个字段（拼写错误？）" in found
    assert "分集：至少需要 1 项" in found


def test_the_models_own_chinese_reasons_are_kept():
    found = problems(
        Scripts,
        {
            "series_title": "x",
            "episodes": [
                {
                    "number": 1,
                    "title": "t",
                    "hook": {"description": "d"},
                    "cliffhanger": "c",
                    "scenes": [
                        {"number": "1-1", "location": "街", "lines": [{"kind": "dialogue", "text": "嗨"}]}
                    ],
                }
            ],
        },
    )
    assert found == ["分集 · 第 1 项 · 场次 · 第 1 项 · 台词行 · 第 1 项：对白和旁白必须写明说话人"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "内容是空的"),
        ('{"a": 1,}', "第 1 行第 9 列"),
        ('{"a" 1}', "缺少冒号"),
        ('{"a": 1} x', "多余的内容"),
    ],
)
def test_json_syntax_errors_say_where(text, expected):
    with pytest.raises(ValueError) as caught:
        parse_json(text)
    assert expected in str(caught.value)


def test_a_flood_of_problems_is_cut_short():
    with pytest.raises(ValidationError) as caught:
        SeriesBible.model_validate({f"x{i}": i for i in range(60)})
    found = explain(caught.value)
    assert len(found) == 31 and found[-1].startswith("……还有")
