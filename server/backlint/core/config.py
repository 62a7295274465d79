"""Settings: what to check and how to report it, from `[tool.backlint]` or `backlint.toml`.

Every value is validated; a bad one raises ConfigError naming the key, never a silent fallback.
The LSP layer builds on these settings (adding editor-only keys) and reuses `parse_settings`.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from .model import CATEGORIES, ROLES, Confidence, Severity
from .source import DEFAULT_MAX_BYTES

CONFIG_FILES = ("backlint.toml", "pyproject.toml")


class ConfigError(ValueError):
    """A setting has a bad value. The message names the key and where it came from."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    min_confidence: Confidence = Confidence.LOW
    max_file_size: int = DEFAULT_MAX_BYTES
    root: str = ""  # folder that relative globs are matched against
    roles: dict[str, str] = field(default_factory=dict)  # glob -> role, overriding core/roles.py
    include_tests: bool = False  # check test code with every rule, at low confidence
    report_unused_ignores: bool = False  # a note for each suppression comment that suppresses nothing
    baseline: str = ""  # a baseline file (core/baseline.py), relative ones joined to `root`; "" = none

    def merged(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def rule_enabled(self, rule_id: str, rule_name: str, category: str, *, by_default: bool = True) -> bool:
        """A rule that is off by default runs only when `select` names it itself, not its family."""

        def hits(selectors: tuple[str, ...]) -> bool:
            return any(_selector_matches(s, rule_id, rule_name, category) for s in selectors)

        if not by_default and not any(s in (rule_id, rule_name) for s in self.select):
            return False
        if self.select and not hits(self.select):
            return False
        return not hits(self.ignore)

    def ignored_for_path(self, path: str, rule_id: str, rule_name: str, category: str) -> bool:
        if not self.per_path_ignores:
            return False
        relative = self.relative(path)
        for pattern, selectors in self.per_path_ignores.items():
            if glob_match(relative, pattern) and any(
                _selector_matches(s, rule_id, rule_name, category) for s in selectors
            ):
                return True
        return False

    def excluded(self, path: str) -> bool:
        if not self.exclude:
            return False  # the walk asks for every entry: skip resolving paths for nothing
        relative = self.relative(path)
        return any(glob_match(relative, pattern) for pattern in self.exclude)

    def relative(self, path: str) -> str:
        if self.root:
            try:
                return Path(path).resolve().relative_to(Path(self.root).resolve()).as_posix()
            except (ValueError, OSError):
                pass
        return PurePosixPath(Path(path).as_posix()).as_posix()


def _selector_matches(selector: str, rule_id: str, rule_name: str, category: str) -> bool:
    return rule_id.startswith(selector) or selector in (rule_name, category)


def glob_match(relative_path: str, pattern: str) -> bool:
    """gitignore-like: `dir/**`, `*.py`, a bare name matching any path component."""
    pattern = pattern.strip().rstrip("/")
    if not pattern:
        return False
    if fnmatch.fnmatchcase(relative_path, pattern):
        return True
    if pattern.endswith("/**") and (relative_path == pattern[:-3] or relative_path.startswith(pattern[:-3] + "/")):
        return True
    if pattern.startswith("**/") and glob_match(relative_path, pattern[3:]):
        return True
    if "/" not in pattern:
        parts = relative_path.split("/")
        return any(fnmatch.fnmatchcase(part, pattern) for part in parts)
    # A folder pattern also covers what is inside it.
    return relative_path.startswith(pattern + "/")


def _string_list(value: Any, key: str, origin: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{origin}: `{key}` must be a list of strings, got {value!r}")
    return tuple(v.strip() for v in value if v.strip())


def _check_selectors(values: tuple[str, ...], key: str, origin: str, known: set[str] | None) -> None:
    """`known` holds every rule id and rule name; None skips the check (no catalog at hand)."""
    if known is None:
        return
    for value in values:
        if value in CATEGORIES or value in known:
            continue
        if value.startswith("BL") and any(k.startswith(value) for k in known if k.startswith("BL")):
            continue
        raise ConfigError(f"{origin}: `{key}` names no rule, rule prefix or category: {value!r}")


def parse_settings(
    raw: dict[str, Any], *, origin: str, base: Settings | None = None, known_rules: set[str] | None = None
) -> Settings:
    """Validate a `[tool.backlint]`-shaped mapping (kebab- or snake-case keys) over `base`."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: settings must be a table, got {type(raw).__name__}")
    settings = base or Settings()
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name in ("select", "ignore", "exclude", "extend_exclude"):
            values = _string_list(value, key, origin)
            if name in ("select", "ignore"):
                _check_selectors(values, key, origin, known_rules)
            if name == "extend_exclude":
                name, values = "exclude", settings.exclude + values
            changes[name] = values
        elif name == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: `{key}` must be a table of rule id = severity")
            severities = {}
            for rule_id, level in value.items():
                if known_rules is not None and (not rule_id.startswith("BL") or rule_id not in known_rules):
                    raise ConfigError(f"{origin}: `{key}.{rule_id}` names no rule")
                try:
                    severities[rule_id] = Severity.parse(level)
                except ValueError as error:
                    raise ConfigError(f"{origin}: `{key}.{rule_id}`: {error}") from None
            changes["severity"] = severities
        elif name == "per_path_ignores" or name == "per_file_ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: `{key}` must be a table of glob = [rule ids]")
            table = {}
            for pattern, selectors in value.items():
                selectors = _string_list(selectors, f"{key}.{pattern}", origin)
                _check_selectors(selectors, f"{key}.{pattern}", origin, known_rules)
                table[pattern] = selectors
            changes["per_path_ignores"] = table
        elif name == "min_confidence":
            try:
                changes[name] = Confidence.parse(value)
            except ValueError as error:
                raise ConfigError(f"{origin}: `{key}`: {error}") from None
        elif name == "roles":
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: `{key}` must be a table of glob = role")
            for pattern, role in value.items():
                if role not in ROLES:
                    raise ConfigError(f"{origin}: `{key}.{pattern}` must be one of {', '.join(ROLES)}, got {role!r}")
            changes[name] = dict(value)
        elif name in ("include_tests", "report_unused_ignores"):
            if not isinstance(value, bool):
                raise ConfigError(f"{origin}: `{key}` must be true or false, got {value!r}")
            changes[name] = value
        elif name == "baseline":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{origin}: `{key}` must be the path of a baseline file, got {value!r}")
            path = Path(value.strip()).expanduser()
            # Relative to the config file: `root` is its folder.
            changes[name] = str(path if path.is_absolute() or not settings.root else Path(settings.root) / path)
        elif name == "max_file_size":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{origin}: `{key}` must be a positive number of bytes, got {value!r}")
            changes[name] = value
        else:
            raise ConfigError(f"{origin}: unknown setting `{key}`")
    return replace(settings, **changes)


def find_config(start: Path) -> Path | None:
    """The nearest backlint.toml, or pyproject.toml with a [tool.backlint] table, at or above start."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and b"[tool.backlint" not in candidate.read_bytes():
                    continue
                return candidate
        if (candidate_folder / ".git").exists():
            break
    return None


def read_config_table(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("backlint", {})
    else:
        table = document.get("tool", {}).get("backlint", document)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.backlint] must be a table")
    return table


def load_settings(start: Path, known_rules: set[str] | None = None) -> Settings:
    """Settings for a run rooted at `start` (the nearest config file, or defaults)."""
    path = find_config(start)
    if path is None:
        root = start.resolve() if start.is_dir() else start.resolve().parent
        return Settings(root=str(root))
    raw = read_config_table(path)
    return parse_settings(raw, origin=str(path), base=Settings(root=str(path.parent)), known_rules=known_rules)
