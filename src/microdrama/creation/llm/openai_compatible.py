"""Any OpenAI-compatible chat endpoint as the writing backend: StepFun, DeepSeek, Qwen/DashScope,
Ollama, vLLM or llama.cpp, by base URL, key and model.

Every reply is requested as a JSON object, validated against the stage's Pydantic model and, if it
fails, repaired once: the model gets its own reply back with the validation errors and one more
chance. A reply cut off at the token limit (finish_reason=length) is never repaired — the JSON is
incomplete by construction — and is reported as `LLMTruncated`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from .base import Generation, LLMError, LLMTruncated, T

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)


class OpenAICompatibleLLM:
    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        *,
        max_tokens: int = 8192,
        temperature: float = 0.7,
        timeout: float = 180.0,
        json_mode: bool = True,
        extra_body: dict[str, Any] | None = None,
    ) -> None:
        from openai import OpenAI

        if not base_url or not model:
            raise LLMError("大模型配置不完整：需要 base URL 和模型名", code="config")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.json_mode = json_mode
        self.extra_body = extra_body or {}
        # Local servers (Ollama, llama.cpp) ignore the key but the SDK insists on one.
        self._client = OpenAI(
            base_url=self.base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=1
        )
        self.usage: list[dict[str, int]] = []  # token counts per call, for cost tracking

    @property
    def identity(self) -> str:
        return f"openai-compatible:{self.model}@{self.base_url}"

    def generate(self, generation: Generation[T]) -> T:
        messages = [
            {"role": "system", "content": _system_prompt(generation)},
            {"role": "user", "content": generation.context.model_dump_json()},
        ]
        reply = self._complete(messages)
        try:
            return _parse(reply, generation.output)
        except (ValidationError, ValueError) as first:
            messages += [
                {"role": "assistant", "content": reply},
                {"role": "user", "content": _repair_prompt(first)},
            ]
        reply = self._complete(messages)
        try:
            return _parse(reply, generation.output)
        except (ValidationError, ValueError) as second:
            raise LLMError(
                f"大模型两次输出都不符合格式要求（已自动修复一次）：{_summary(second)}", code="invalid_json"
            ) from second

    def _complete(self, messages: list[dict[str, str]]) -> str:
        import openai

        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
        }
        if self.json_mode:
            kwargs["response_format"] = {"type": "json_object"}
        if self.extra_body:
            kwargs["extra_body"] = self.extra_body
        try:
            response = self._client.chat.completions.create(**kwargs)
        except openai.APIConnectionError as exc:
            raise LLMError(f"无法连接大模型服务 {self.base_url}：{exc}", code="connection") from exc
        except openai.APIStatusError as exc:
            raise LLMError(f"大模型服务返回错误 {exc.status_code}：{exc.message}", code="status") from exc
        if response.usage is not None:
            self.usage.append(
                {
                    "prompt_tokens": response.usage.prompt_tokens or 0,
                    "completion_tokens": response.usage.completion_tokens or 0,
                }
            )
        if not response.choices:
            raise LLMError("大模型服务返回了空结果（没有 choices）", code="empty")
        choice = response.choices[0]
        if choice.finish_reason == "length":
            raise LLMTruncated(
                f"大模型输出在 {self.max_tokens} 个 token 处被截断（finish_reason=length），JSON 不完整。"
                "请调大 max_tokens，或减少一次生成的集数。"
            )
        return choice.message.content or ""


def _system_prompt(generation: Generation) -> str:
    schema = json.dumps(generation.output.model_json_schema(), ensure_ascii=False)
    parts = [
        generation.instructions,
        "只输出一个 JSON 对象（json），不要任何解释、不要 Markdown 代码块。",
        f"JSON 必须符合这个 JSON Schema：{schema}",
    ]
    if generation.example:
        parts.append(f"示例（json）：{generation.example}")
    return "\n\n".join(parts)


def _parse(reply: str, output: type[BaseModel]):
    text = reply.strip()
    fenced = _FENCE.match(text)
    if fenced:  # models wrap JSON in ``` fences despite being told not to; that is not an error
        text = fenced.group(1)
    if not text:
        raise ValueError("回复为空")
    return output.model_validate_json(text)


def _summary(error: Exception, limit: int = 6) -> str:
    if isinstance(error, ValidationError):
        items = []
        for item in error.errors()[:limit]:
            where = ".".join(str(p) for p in item["loc"]) or "(根)"
            items.append(f"{where}: {item['msg']}")
        more = f"；另有 {error.error_count() - limit} 处" if error.error_count() > limit else ""
        return "；".join(items) + more
    return str(error)


def _repair_prompt(error: Exception) -> str:
    return (
        "你上一次的输出不是符合要求的 JSON，错误如下：\n"
        f"{_summary(error)}\n"
        "请修正这些问题，重新输出完整的 JSON 对象（json），不要解释。"
    )
