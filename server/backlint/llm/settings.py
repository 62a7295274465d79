"""The LLM layer's own view of the `llm.*` settings, read from whatever settings object the caller has.

This dataclass is the one definition of the `llm.*` settings and their defaults: the language
server validates client values into it, and this module also reads it from any settings-shaped
object (snake_case or camelCase), so the LLM layer never depends on the server's module and tests
can pass a plain object.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

DEFAULT_DENY_FILES = (".env*", "*.pem", "*.key", "id_rsa*", "secrets.*")
# A current Sonnet model: capable enough to review code, quick enough for an editor.
DEFAULT_MODEL = "claude-sonnet-5-5"
PROVIDERS = ("auto", "anthropic", "openai", "offline")


@dataclass(frozen=True)
class LlmSettings:
    enabled: bool = True
    provider: str = "auto"
    model: str = DEFAULT_MODEL
    base_url: str = ""  # only ever from the user's own settings, never a repository file
    max_tokens: int = 1024
    timeout_seconds: float = 60.0
    max_retries: int = 2
    requests_per_minute: int = 10
    daily_token_budget: int = 200_000
    prompt_file: str = ""
    deny_files: tuple[str, ...] = DEFAULT_DENY_FILES


def _coerce(name: str, value: Any, default: Any) -> Any:
    """The value when it has the right type, else the default (bad values are the settings layer's
    to report; here they must simply not break a request)."""
    if isinstance(default, bool):
        return value if isinstance(value, bool) else default
    if isinstance(default, int):
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default
    if isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
        return float(value) if ok else default
    if isinstance(default, str):
        if not isinstance(value, str):
            return default
        if name == "provider" and value not in PROVIDERS:
            return default
        return value.strip()
    if isinstance(default, tuple):
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return tuple(v for v in value if v.strip())
        return default
    return value


def llm_settings(source: Any) -> LlmSettings:
    """Read `llm` settings from a server settings object (`.llm.<name>`), an `llm` object itself, a
    camelCase or snake_case mapping, or None (defaults)."""
    if source is None:
        return LlmSettings()
    if isinstance(source, LlmSettings):
        return source
    node = getattr(source, "llm", None)
    if node is None and isinstance(source, dict):
        node = source.get("llm", source)
    if node is None:
        node = source
    values: dict[str, Any] = {}
    for spec in fields(LlmSettings):
        default = spec.default if spec.default is not None else None
        camel = camel_case(spec.name)
        if isinstance(node, dict):
            raw = node.get(spec.name, node.get(camel, default))
        else:
            raw = getattr(node, spec.name, getattr(node, camel, default))
        values[spec.name] = _coerce(spec.name, raw, default)
    return LlmSettings(**values)


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
