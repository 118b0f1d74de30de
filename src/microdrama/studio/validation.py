"""A person's edit that does not fit the engine's models, explained in the UI's language: where
(“角色第 2 项 · 外貌”) and what (“不能为空”), one sentence per problem, instead of pydantic's
English error list. JSON syntax errors name the line and column."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from pydantic import ValidationError

FIELD_LABELS = {
    "title": "剧名/标题",
    "series_title": "剧名",
    "genre": "题材",
    "premise": "故事梗概",
    "logline": "一句话看点",
    "synopsis": "梗概",
    "style": "画面风格",
    "aspect": "画幅",
    "target_episodes": "集数",
    "paywall_episodes": "付费卡点集",
    "characters": "角色",
    "locations": "场景",
    "episodes": "分集",
    "scenes": "场次",
    "lines": "台词行",
    "shots": "镜头",
    "cues": "台词",
    "name": "姓名",
    "aliases": "别称",
    "role": "身份",
    "gender": "性别",
    "age": "年龄",
    "appearance": "外貌",
    "wardrobe": "服装",
    "personality": "性格",
    "speaking_style": "说话方式",
    "number": "编号",
    "hook": "开场钩子",
    "description": "描述/画面",
    "seconds": "秒数",
    "cliffhanger": "结尾卡点",
    "is_paywall": "付费卡点",
    "location": "场景",
    "time": "日/夜",
    "setting": "内/外景",
    "kind": "类型",
    "text": "内容",
    "speaker": "说话人",
    "emotion": "表演提示",
    "shot_size": "景别",
    "camera_move": "运镜",
    "angle": "机位角度",
    "duration": "时长",
    "start": "开始时间",
    "end": "结束时间",
    "sfx": "音效",
    "music": "音乐",
    "notes": "备注",
    "spec": "渲染规格",
    "schema_version": "格式版本",
}

_JSON_REASONS = {
    "Expecting value": "这里缺少一个值",
    "Expecting ',' delimiter": "这里缺少逗号",
    "Expecting ':' delimiter": "这里缺少冒号",
    "Expecting property name enclosed in double quotes": "键名必须用英文双引号括起来（或多了一个逗号）",
    "Unterminated string starting at": "字符串没有结束的引号",
    "Extra data": "JSON 结束后还有多余的内容",
    "Invalid control character at": "字符串里有换行等控制字符",
    "Invalid \\escape": "反斜杠转义不正确",
}


def where(loc: tuple) -> str:
    parts = []
    for item in loc:
        if isinstance(item, int):
            parts.append(_("第 %(n)s 项") % {"n": item + 1})
        else:
            parts.append(FIELD_LABELS.get(str(item), str(item)))
    return " · ".join(parts) if parts else _("整个文件")


def what(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error") or error["msg"]).removeprefix("Value error, ")
    if kind == "assertion_error":
        return str(ctx.get("error") or error["msg"])
    messages = {
        "missing": _("缺少这一项"),
        "extra_forbidden": _("不认识这个字段（拼写错误？）"),
        "string_too_short": _("不能为空") if ctx.get("min_length") == 1 else _("太短"),
        "string_too_long": _("太长，最多 %(n)s 个字") % {"n": ctx.get("max_length")},
        "too_short": _("至少需要 %(n)s 项") % {"n": ctx.get("min_length")},
        "too_long": _("最多 %(n)s 项") % {"n": ctx.get("max_length")},
        "int_parsing": _("应为整数"),
        "int_type": _("应为整数"),
        "int_from_float": _("应为整数"),
        "float_parsing": _("应为数字"),
        "float_type": _("应为数字"),
        "bool_parsing": _("应为 true 或 false"),
        "bool_type": _("应为 true 或 false"),
        "string_type": _("应为文字"),
        "list_type": _("应为列表"),
        "dict_type": _("应为对象"),
        "model_type": _("应为对象"),
        "model_attributes_type": _("应为对象"),
        "literal_error": _("取值应为：%(v)s") % {"v": ctx.get("expected", "")},
        "enum": _("取值应为：%(v)s") % {"v": ctx.get("expected", "")},
        "greater_than_equal": _("不能小于 %(n)s") % {"n": ctx.get("ge")},
        "greater_than": _("必须大于 %(n)s") % {"n": ctx.get("gt")},
        "less_than_equal": _("不能大于 %(n)s") % {"n": ctx.get("le")},
        "less_than": _("必须小于 %(n)s") % {"n": ctx.get("lt")},
        "string_pattern_mismatch": _("格式不对"),
    }
    return messages.get(kind, error["msg"])


def explain(exc: ValidationError) -> list[str]:
    """One Chinese sentence per problem, at most 30 (a pasted wrong file yields hundreds)."""
    errors = exc.errors(include_url=False)
    out = [f"{where(e['loc'])}：{what(e)}" for e in errors[:30]]
    if len(errors) > 30:
        out.append(_("……还有 %(n)s 处问题") % {"n": len(errors) - 30})
    return out


def parse_json(text: str) -> object:
    """JSON text → Python data; ValueError with a Chinese sentence naming the line and column."""
    if not text.strip():
        raise ValueError(_("内容是空的"))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        reason = next((zh for en, zh in _JSON_REASONS.items() if exc.msg.startswith(en)), exc.msg)
        raise ValueError(
            _("JSON 格式错误：第 %(line)s 行第 %(col)s 列，%(reason)s")
            % {"line": exc.lineno, "col": exc.colno, "reason": reason}
        ) from exc
