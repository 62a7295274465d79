"""The core stays pure: importing it (and running it) never loads the editor or model layers."""

import subprocess
import sys


def test_core_imports_no_lsp_or_llm_packages():
    program = (
        "import sys\n"
        "from backlint.core import engine\n"
        "engine.analyze('try:\\n    x()\\nexcept Exception:\\n    pass\\n', path='a.py', language='python')\n"
        "from backlint import cli\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'anthropic', 'httpx'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
