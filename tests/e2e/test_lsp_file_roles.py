"""File roles and parse honesty in the editor, through the real server process."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")

SWALLOWED = "def charge(order):\n    try:\n        submit(order)\n    except Exception:\n        pass\n"
FIXTURE_PASSWORD = 'DB_PASSWORD = "Tr1cky-Pa55"\n'


async def test_a_file_that_does_not_parse_gets_one_information_diagnostic_where_it_breaks(raw, tmp_path):
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'shop'\n", encoding="utf-8")
    diagnostics = await server.open_file(tmp_path / "app" / "billing.py", SWALLOWED + "\ndef broken(:\n    return 1\n")
    syntax = [d for d in diagnostics if d["code"] == "syntax"]
    assert [d["code"] for d in diagnostics if d["code"] != "syntax"] == ["BL201"]  # what parses is still read
    assert len(syntax) == 1
    assert syntax[0]["severity"] == 3 and syntax[0]["range"]["start"]["line"] == 6
    assert "does not parse from line 7" in syntax[0]["message"]


async def test_test_code_keeps_quiet_about_fixture_passwords_and_hover_names_the_role(raw, tmp_path):
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'shop'\n", encoding="utf-8")
    in_tests = await server.open_file(tmp_path / "tests" / "test_settings.py", FIXTURE_PASSWORD + SWALLOWED)
    assert in_tests == []
    in_app = await server.open_file(tmp_path / "app" / "settings.py", FIXTURE_PASSWORD + SWALLOWED)
    assert sorted(d["code"] for d in in_app) == ["BL201", "BL303"]
    uri = (tmp_path / "app" / "settings.py").as_uri()
    hover = await server.call(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 5}}
    )
    assert "File role: server" in hover["result"]["contents"]["value"]
