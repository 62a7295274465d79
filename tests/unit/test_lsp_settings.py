"""Editor settings: defaults, layering over the project's config, and errors that name the key."""

from __future__ import annotations

import pytest

from backlint.core.config import ConfigError, Settings
from backlint.core.model import Confidence, Severity
from backlint.lsp.settings import DEFAULTS, ServerSettings, default_settings, parse_client_settings

KNOWN = {"BL101", "BL201", "swallowed-exception"}


def test_defaults_are_a_json_object_with_every_contract_key():
    defaults = default_settings()
    assert set(defaults) == {
        "select",
        "ignore",
        "severity",
        "exclude",
        "perPathIgnores",
        "minConfidence",
        "run",
        "debounceMs",
        "baselinedFindings",
        "llm",
    }
    assert defaults["llm"]["denyFiles"] == [".env*", "*.pem", "*.key", "id_rsa*", "secrets.*"]
    defaults["select"].append("BL1")
    assert DEFAULTS["select"] == []  # a copy, never the shared mapping


def test_defaults_parse_to_the_dataclass_defaults():
    assert (
        parse_client_settings(default_settings(), origin="test", base=ServerSettings(), known_rules=KNOWN)
        == ServerSettings()
    )


def test_client_values_layer_over_the_file_config():
    base = ServerSettings(core=Settings(ignore=("BL101",), root="/p"))
    # A client value equal to the editor default leaves the project's own value alone.
    settings = parse_client_settings({"ignore": [], "debounceMs": 50}, origin="test", base=base, known_rules=KNOWN)
    assert settings.core.ignore == ("BL101",) and settings.debounce_ms == 50
    settings = parse_client_settings(
        {
            "ignore": ["BL201"],
            "severity": {"BL101": "error"},
            "minConfidence": "high",
            "perPathIgnores": {"tests/**": ["BL201"]},
            "run": "onSave",
            "llm": {"model": "local", "maxTokens": 10, "baseUrl": "http://127.0.0.1:9"},
        },
        origin="test",
        base=base,
        known_rules=KNOWN,
    )
    assert settings.ignore == ("BL201",)
    assert settings.severity == {"BL101": Severity.ERROR}
    assert settings.min_confidence == Confidence.HIGH
    assert settings.per_path_ignores == {"tests/**": ("BL201",)}
    assert settings.run == "onSave" and settings.llm.model == "local" and settings.llm.max_tokens == 10
    assert settings.root == "/p"


@pytest.mark.parametrize(
    "raw, key",
    [
        ({"debounceMs": -1}, "backlint.debounceMs"),
        ({"run": "sometimes"}, "backlint.run"),
        ({"select": ["BL999"]}, "backlint.select"),
        ({"severity": {"BL201": "fatal"}}, "backlint.severity.BL201"),
        ({"perPathIgnores": {"tests/**": "nope!"}}, "backlint.perPathIgnores"),
        ({"llm": {"provider": "mystery"}}, "backlint.llm.provider"),
        ({"llm": {"maxTokens": "many"}}, "backlint.llm.maxTokens"),
        ({"minConfidence": "certain"}, "backlint.minConfidence"),
    ],
)
def test_bad_values_name_the_key(raw, key):
    with pytest.raises(ConfigError) as error:
        parse_client_settings(raw, origin="settings", base=ServerSettings(), known_rules=KNOWN)
    assert key in str(error.value)


def test_null_and_unknown_keys_are_harmless():
    base = ServerSettings()
    assert parse_client_settings(None, origin="t", base=base) is base
    assert parse_client_settings({"trace": {"server": "verbose"}}, origin="t", base=base) == base
    with pytest.raises(ConfigError):
        parse_client_settings(["not", "an", "object"], origin="t", base=base)


def test_debounce_is_adaptive_unless_set():
    from backlint.lsp.analysis import adaptive_delay_ms

    base = ServerSettings()
    assert base.debounce_ms is None  # the default: adaptive
    assert parse_client_settings({"debounceMs": None}, origin="test", base=base, known_rules=KNOWN).debounce_ms is None
    assert parse_client_settings({"debounceMs": 300}, origin="test", base=base, known_rules=KNOWN).debounce_ms == 300
    assert adaptive_delay_ms(0.0) == 0 and adaptive_delay_ms(25.0) == 0  # cheap: analyse on the keystroke
    assert adaptive_delay_ms(40.0) == 80  # costly: wait for a pause, twice the cost
    assert adaptive_delay_ms(5_000.0) == 300  # never longer than the old fixed debounce


def test_one_slow_keystroke_does_not_make_the_next_ones_wait():
    from backlint.lsp.analysis import adaptive_delay_ms
    from backlint.lsp.documents import Document

    document = Document(
        uri="file:///a.py", language_id="python", language="python", version=1, data=b"", starts=[0], path=""
    )
    for cost in (12.0, 13.0, 35.0, 12.5):
        document.record_cost(cost)
    assert document.recent_costs_ms[-1] == 12.5 and adaptive_delay_ms(document.typical_cost_ms) == 0
    for cost in (40.0, 45.0, 50.0):
        document.record_cost(cost)  # a file that has become costly to analyse waits for a pause
    assert adaptive_delay_ms(document.typical_cost_ms) >= 50
