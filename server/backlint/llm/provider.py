"""The one narrow interface every model vendor implements, and the choice between them.

`await provider.complete(request)` returns a Completion or raises ProviderError with one sentence
for the user. It is cancellable: cancelling the awaiting task cancels the HTTP request.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .settings import LlmSettings

API_KEY_ENV = "ANTHROPIC_API_KEY"
ANTHROPIC_BASE_URL_ENV = "ANTHROPIC_BASE_URL"
OPENAI_KEY_ENV = "OPENAI_API_KEY"

ProgressCallback = Callable[[str], None]


@dataclass(frozen=True)
class CompletionRequest:
    """What a provider sends: the fixed system prompt and the per-finding user turn.

    `subject` carries the structured finding (already redacted) for the offline provider, which
    writes its answer from the rule record instead of a model.
    """

    system: str
    user: str
    model: str
    max_tokens: int
    purpose: str  # "explain" | "fix"
    subject: Any = None
    deterministic_fix: str | None = None  # Markdown describing the verified deterministic fix, if any


@dataclass(frozen=True)
class Completion:
    text: str
    provider: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


class ProviderError(Exception):
    """A request that did not produce an answer. `kind` is for tests and logs; `str()` is for the user
    and never contains prompt text, document text or the API key."""

    def __init__(self, kind: str, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.kind = kind  # rate-limited | overloaded | server-error | timeout | connection | malformed | auth | bad-request | config


class Provider(Protocol):
    name: str
    sends_code: bool  # False for the offline provider: nothing leaves the machine

    def body(self, request: CompletionRequest) -> dict[str, Any]:
        """The exact JSON body `complete` would send."""

    async def complete(self, request: CompletionRequest, progress: ProgressCallback | None = None) -> Completion:
        ...


@dataclass
class ProviderChoice:
    provider: Provider
    reason: str = ""  # why this one, for the offline note ("no ANTHROPIC_API_KEY in the environment")
    extra: dict[str, Any] = field(default_factory=dict)


def choose_provider(settings: LlmSettings, environ: dict[str, str] | None = None) -> ProviderChoice:
    """`auto`: anthropic when ANTHROPIC_API_KEY is set, else offline. Keys come from the environment only."""
    from .offline import OfflineProvider

    env = os.environ if environ is None else environ
    if not settings.enabled:
        return ProviderChoice(OfflineProvider(), "the model is turned off (backlint.llm.enabled is false)")
    wanted = settings.provider
    if wanted == "offline":
        return ProviderChoice(OfflineProvider(), "backlint.llm.provider is \"offline\"")
    if wanted == "openai":
        from .openai_provider import OpenAICompatibleProvider

        base_url = settings.base_url or env.get("OPENAI_BASE_URL", "")
        if not base_url:
            return ProviderChoice(
                OfflineProvider(), "backlint.llm.provider is \"openai\" but backlint.llm.baseUrl is empty"
            )
        return ProviderChoice(OpenAICompatibleProvider(settings, base_url=base_url, api_key=env.get(OPENAI_KEY_ENV)))
    key = env.get(API_KEY_ENV, "").strip()
    if not key:
        return ProviderChoice(OfflineProvider(), f"no {API_KEY_ENV} in the environment backlint was started from")
    from .anthropic_provider import AnthropicProvider

    base_url = settings.base_url or env.get(ANTHROPIC_BASE_URL_ENV, "") or None
    return ProviderChoice(AnthropicProvider(settings, api_key=key, base_url=base_url))
