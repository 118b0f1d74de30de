"""The offline default LLM backend: the genre-based writer in `..writing`, behind the same
`generate` call as a real model, so the pipeline runs with no model and no network."""

from __future__ import annotations

from ..models.bible import Premise
from ..writing.episodes import write_episode
from ..writing.planner import plan_series
from .base import EpisodeRequest, Generation, LLMError, T, Task

WRITER_VERSION = "1"


class OfflineWriter:
    identity = f"offline-writer/{WRITER_VERSION}"

    def generate(self, generation: Generation[T]) -> T:
        context = generation.context
        try:
            if generation.task == Task.PLAN_SERIES:
                assert isinstance(context, Premise)
                result = plan_series(context)
            elif generation.task == Task.WRITE_EPISODE:
                assert isinstance(context, EpisodeRequest)
                result = write_episode(context.bible, context.bible.outline(context.episode))
            else:  # pragma: no cover - Task is closed
                raise LLMError(f"离线写作不支持任务 {generation.task}", code="task")
        except (LookupError, KeyError) as exc:
            raise LLMError(str(exc.args[0]) if exc.args else str(exc), code="offline") from exc
        return generation.output.model_validate(result.model_dump())
