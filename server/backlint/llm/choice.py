"""Which provider answers: Anthropic, an OpenAI-compatible endpoint or offline, from the settings and
the environment.

Kept apart from the interface (`provider`) that every provider imports: the providers are imported
here, lazily, and nothing they import leads back here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from .provider import Provider
from .settings import LlmSettings

API_KEY_ENV = "ANTHROPIC_API_KEY"
ANTHROPIC_BASE_URL_ENV = "ANTHROPIC_BASE_URL"
OPENAI_KEY_ENV = "OPENAI_API_KEY"


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
        return ProviderChoice(OfflineProvider(), 'backlint.llm.provider is "offline"')
    if wanted == "openai":
        from .openai_provider import OpenAICompatibleProvider

        base_url = settings.base_url or env.get("OPENAI_BASE_URL", "")
        if not base_url:
            return ProviderChoice(
                OfflineProvider(), 'backlint.llm.provider is "openai" but backlint.llm.baseUrl is empty'
            )
        return ProviderChoice(OpenAICompatibleProvider(settings, base_url=base_url, api_key=env.get(OPENAI_KEY_ENV)))
    key = env.get(API_KEY_ENV, "").strip()
    if not key:
        return ProviderChoice(OfflineProvider(), f"no {API_KEY_ENV} in the environment backlint was started from")
    from .anthropic_provider import AnthropicProvider

    anthropic_url = settings.base_url or env.get(ANTHROPIC_BASE_URL_ENV, "") or None
    return ProviderChoice(AnthropicProvider(settings, api_key=key, base_url=anthropic_url))
