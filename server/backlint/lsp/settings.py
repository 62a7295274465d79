"""The editor's settings (section `backlint`): defaults, validation and layering over the file config.

Layers, lowest first: the core defaults, `[tool.backlint]` / `backlint.toml` in the workspace,
`initializationOptions`, then `workspace/configuration`. A client value equal to the editor default
counts as unset, so an editor that sends every key does not hide the project's own file config.
Every value is validated; a bad one raises ConfigError naming the key, and the caller keeps the last
good settings.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..core import config as core_config
from ..core.config import ConfigError, Settings
from ..llm.settings import PROVIDERS, LlmSettings, camel_case

SECTION = "backlint"

DEFAULTS: dict[str, Any] = {
    "select": [],
    "ignore": [],
    "severity": {},
    "exclude": [],
    "perPathIgnores": {},
    "minConfidence": "low",
    "run": "onType",
    "debounceMs": None,  # adaptive: see lsp/analysis.py adaptive_delay_ms
    "baselinedFindings": "hide",  # findings the project's baseline has: hidden, or shown as hints
    "llm": {  # from the LLM layer's own defaults, in the editor's camelCase
        camel_case(spec.name): list(spec.default) if isinstance(spec.default, tuple) else spec.default
        for spec in fields(LlmSettings)
    },
}

# Keys the core validates (camelCase here, kebab/snake in [tool.backlint]).
_CORE_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "severity": "severity",
    "exclude": "exclude",
    "perPathIgnores": "per-path-ignores",
    "minConfidence": "min-confidence",
}
RUN_MODES = ("onType", "onSave")
BASELINED_MODES = ("hide", "hint")


def default_settings() -> dict[str, Any]:
    """The defaults as the JSON object an editor sends (the VS Code package.json declares the same)."""
    return copy.deepcopy(DEFAULTS)


@dataclass(frozen=True)
class ServerSettings:
    """What the server runs with. `core` is what the engine reads (rules, severities, excludes)."""

    core: Settings = field(default_factory=Settings)
    run: str = "onType"
    debounce_ms: int | None = None  # None: adaptive (analysis.adaptive_delay_ms); a number: a fixed debounce
    baselined_findings: str = "hide"  # "hide" or "hint": what the editor does with baselined findings
    llm: LlmSettings = field(default_factory=LlmSettings)

    # The core's values, readable directly (the contract names them on the settings object).
    @property
    def select(self) -> tuple[str, ...]:
        return self.core.select

    @property
    def ignore(self) -> tuple[str, ...]:
        return self.core.ignore

    @property
    def severity(self) -> dict:
        return self.core.severity

    @property
    def exclude(self) -> tuple[str, ...]:
        return self.core.exclude

    @property
    def per_path_ignores(self) -> dict:
        return self.core.per_path_ignores

    @property
    def min_confidence(self):
        return self.core.min_confidence

    @property
    def root(self) -> str:
        return self.core.root


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _is_default(key: str, value: Any, defaults: dict[str, Any]) -> bool:
    return key in defaults and value == defaults[key]


def _positive_int(value: Any, key: str, origin: str, *, allow_zero: bool = False) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0 or (value == 0 and not allow_zero):
        raise ConfigError(
            f"{origin}: `backlint.{key}` must be a {'non-negative' if allow_zero else 'positive'} whole number, "
            f"got {value!r}"
        )
    return value


def _no_settings(raw: Any) -> bool:
    """Nothing set. Lua clients (Neovim among them) encode an empty table as `[]`, so an empty
    array means the same as an empty object here; a non-empty one is still an error."""
    return raw is None or raw == []


def _parse_llm(raw: Any, base: LlmSettings, origin: str) -> LlmSettings:
    if _no_settings(raw):
        return base
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: `backlint.llm` must be an object, got {type(raw).__name__}")
    defaults = DEFAULTS["llm"]
    changes: dict[str, Any] = {}
    known = {f.name for f in fields(LlmSettings)}
    for key, value in raw.items():
        name = _snake(key)
        if name not in known:
            continue  # newer editor versions may send keys this server does not know
        if _is_default(key, value, defaults):
            continue
        path = f"llm.{key}"
        if name == "enabled":
            if not isinstance(value, bool):
                raise ConfigError(f"{origin}: `backlint.{path}` must be true or false, got {value!r}")
        elif name == "provider":
            if value not in PROVIDERS:
                raise ConfigError(f"{origin}: `backlint.{path}` must be one of {', '.join(PROVIDERS)}, got {value!r}")
        elif name in ("model", "base_url", "prompt_file"):
            if not isinstance(value, str):
                raise ConfigError(f"{origin}: `backlint.{path}` must be a string, got {value!r}")
        elif name == "timeout_seconds":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{origin}: `backlint.{path}` must be a positive number, got {value!r}")
        elif name == "deny_files":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{origin}: `backlint.{path}` must be a list of globs, got {value!r}")
            value = tuple(value)
        else:
            value = _positive_int(value, path, origin, allow_zero=name == "max_retries")
        changes[name] = value
    return replace(base, **changes)


def parse_client_settings(
    raw: Any, *, origin: str, base: ServerSettings, known_rules: set[str] | None = None
) -> ServerSettings:
    """Apply one client layer (initializationOptions or workspace/configuration) over `base`."""
    if _no_settings(raw):
        return base
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: the `backlint` settings must be an object, got {type(raw).__name__}")
    core_raw: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if value == [] and isinstance(DEFAULTS.get(key), dict):
            value = {}  # `severity = {}` from Lua: the empty object the editor means
        if key in _CORE_KEYS:
            if not _is_default(key, value, DEFAULTS):
                core_raw[_CORE_KEYS[key]] = value
        elif key == "run":
            if _is_default(key, value, DEFAULTS):
                continue
            if value not in RUN_MODES:
                raise ConfigError(f"{origin}: `backlint.run` must be one of {', '.join(RUN_MODES)}, got {value!r}")
            changes["run"] = value
        elif key == "debounceMs":
            if _is_default(key, value, DEFAULTS):
                continue
            changes["debounce_ms"] = _positive_int(value, key, origin, allow_zero=True)
        elif key == "baselinedFindings":
            if _is_default(key, value, DEFAULTS):
                continue
            if value not in BASELINED_MODES:
                raise ConfigError(
                    f"{origin}: `backlint.baselinedFindings` must be one of {', '.join(BASELINED_MODES)}, got {value!r}"
                )
            changes["baselined_findings"] = value
        elif key == "llm":
            changes["llm"] = _parse_llm(value, base.llm, origin)
    if core_raw:
        try:
            core = core_config.parse_settings(core_raw, origin=origin, base=base.core, known_rules=known_rules)
        except ConfigError as error:
            # The core names keys as in TOML; say the editor's name too.
            raise ConfigError(_editor_key_names(str(error))) from None
        changes["core"] = core
    return replace(base, **changes)


def _editor_key_names(message: str) -> str:
    for camel, kebab in _CORE_KEYS.items():
        message = message.replace(f"`{kebab}", f"`backlint.{camel}")
    return message


def load_file_settings(root: Path | None, known_rules: set[str] | None = None) -> Settings:
    """The project's own config (`[tool.backlint]` or `backlint.toml`) for a workspace root."""
    if root is None:
        return Settings()
    return core_config.load_settings(root, known_rules=known_rules)


def config_file_names() -> tuple[str, ...]:
    return core_config.CONFIG_FILES
