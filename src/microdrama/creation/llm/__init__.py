"""Language-model backends for the writing stages: the protocol, the offline writer and any
OpenAI-compatible endpoint."""

from .base import LLM, EpisodeRequest, Generation, LLMError, LLMTruncated, Task
from .offline import OfflineWriter
from .openai_compatible import OpenAICompatibleLLM

__all__ = [
    "LLM",
    "EpisodeRequest",
    "Generation",
    "LLMError",
    "LLMTruncated",
    "OfflineWriter",
    "OpenAICompatibleLLM",
    "Task",
]
