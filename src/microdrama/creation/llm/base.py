"""The language-model interface the writing stages use: one call, `generate`, that turns a typed
request into a typed, validated result. A backend is anything with that method: the offline
writer, or any OpenAI-compatible chat endpoint (StepFun, DeepSeek, Qwen, Ollama, vLLM, llama.cpp).

Errors carry a Chinese message for the creator and a stable `code` for programs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel, Field

from ..models.base import Model
from ..models.bible import SeriesBible

T = TypeVar("T", bound=BaseModel)


class Task(StrEnum):
    PLAN_SERIES = "plan_series"  # Premise → SeriesBible
    WRITE_EPISODE = "write_episode"  # EpisodeRequest → EpisodeScript


class EpisodeRequest(Model):
    """What the screenwriter gets for one episode."""

    bible: SeriesBible
    episode: int = Field(ge=1)
    previous_cliffhanger: str = ""
    hook_seconds: float = 3.0
    chars_per_second: float = 3.0
    max_line_chars: int = 22


@dataclass(frozen=True)
class Generation(Generic[T]):
    task: Task
    instructions: str  # the system prompt (Chinese)
    context: BaseModel  # the typed input, sent as JSON
    output: type[T]  # the model the reply must validate against
    example: str = ""  # a short JSON example of a valid reply (some providers require one)


class LLM(Protocol):
    @property
    def identity(self) -> str:
        """Names the backend and model; part of every cache key, so switching models re-runs stages."""
        ...

    def generate(self, generation: Generation[T]) -> T: ...


class LLMError(RuntimeError):
    def __init__(self, message: str, code: str = "llm") -> None:
        super().__init__(message)
        self.code = code


class LLMTruncated(LLMError):
    """The model stopped at its token limit (finish_reason=length): the JSON is incomplete."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="truncated")
