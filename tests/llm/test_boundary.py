"""`anthropic` is imported only when a request is sent: importing the LLM layer, or the language
server's expert module, must not pay for it (the import costs over a second)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["backlint.llm", "backlint.llm.service", "backlint.lsp.expert"])
def test_importing_does_not_import_the_sdk(module):
    code = f"import sys, {module}; print('anthropic' in sys.modules, 'openai' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_core_does_not_import_the_llm_layer():
    code = (
        "import sys, backlint.core.engine, backlint.core.fixes; "
        "print(any(m.startswith('backlint.llm') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.strip() == "False", result.stderr
