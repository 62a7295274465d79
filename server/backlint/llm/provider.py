"""The one narrow interface every model vendor implements (the choice between them is in `choice`).

`await provider.complete(request)` returns a Completion or raises ProviderError with one sentence
for the user. It is cancellable: cancelling the awaiting task cancels the HTTP request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

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
        # rate-limited | overloaded | server-error | timeout | connection | malformed | auth | bad-request | config
        self.kind = kind


class Provider(Protocol):
    name: str
    sends_code: bool  # False for the offline provider: nothing leaves the machine

    def body(self, request: CompletionRequest) -> dict[str, Any]:
        """The exact JSON body `complete` would send."""

    async def complete(self, request: CompletionRequest, progress: ProgressCallback | None = None) -> Completion: ...
