"""The LLM layer: explain and fix one finding with the backend expert (a model) or offline.

Nothing here imports `anthropic` at module import: the Anthropic provider imports it when it sends.
"""

from __future__ import annotations

from .choice import choose_provider
from .provider import (
    Completion,
    CompletionRequest,
    Provider,
    ProviderError,
)
from .service import Answer, Expert, FixAnswer, NotSendable
from .settings import LlmSettings, llm_settings

__all__ = [
    "Answer",
    "Completion",
    "CompletionRequest",
    "Expert",
    "FixAnswer",
    "LlmSettings",
    "NotSendable",
    "Provider",
    "ProviderError",
    "choose_provider",
    "llm_settings",
]
