"""The LLM layer reads `llm.*` from whatever settings object it is given."""

from __future__ import annotations

from backlint.llm.settings import DEFAULT_DENY_FILES, LlmSettings, llm_settings
from backlint.lsp.settings import ServerSettings, default_settings


def test_defaults_match_the_servers_defaults():
    defaults = default_settings()["llm"]
    mine = llm_settings(None)
    assert mine == llm_settings(defaults)
    assert (mine.model, mine.max_tokens, mine.requests_per_minute, mine.daily_token_budget) == (
        defaults["model"],
        defaults["maxTokens"],
        defaults["requestsPerMinute"],
        defaults["dailyTokenBudget"],
    )
    assert list(mine.deny_files) == defaults["denyFiles"] == list(DEFAULT_DENY_FILES)


def test_reads_the_server_settings_object():
    server = ServerSettings()
    assert llm_settings(server) == LlmSettings()


def test_camel_case_mapping_and_bad_values_fall_back():
    settings = llm_settings(
        {
            "llm": {
                "maxRetries": 0,
                "timeoutSeconds": 2.5,
                "provider": "nonsense",
                "denyFiles": ["*.env"],
                "enabled": "yes",
            }
        }
    )
    assert settings.max_retries == 0 and settings.timeout_seconds == 2.5
    assert settings.provider == "auto" and settings.enabled is True
    assert settings.deny_files == ("*.env",)
