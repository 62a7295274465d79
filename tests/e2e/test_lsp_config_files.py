"""Configuration files in the editor: secrets in a Spring or Compose YAML file are diagnosed, under
the language ids editors use, and by file name when the editor has no mode for the format."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="module")

SPRING = "spring:\n  datasource:\n    username: shop\n    password: 123456\n"
COMPOSE = "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: 'Winter2024!'\n      POSTGRES_USER: shop\n"


async def test_spring_yaml_password_is_diagnosed_with_its_key_path(raw, tmp_path):
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    path = tmp_path / "src" / "main" / "resources" / "application.yml"
    diagnostics = await server.open_file(path, SPRING, language="yaml")
    assert [(d["code"], d["range"]["start"]["line"]) for d in diagnostics] == [("BL305", 3)]
    assert "`spring.datasource.password`" in diagnostics[0]["message"]
    assert "123456" not in diagnostics[0]["message"]  # masked


@pytest.mark.parametrize("language", ["dockercompose", "plaintext", ""])
async def test_compose_file_under_the_ids_editors_give_it(raw, tmp_path, language):
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    diagnostics = await server.open_file(tmp_path / "docker-compose.yml", COMPOSE, language=language)
    assert [d["code"] for d in diagnostics] == ["BL305"]
    assert "services.db.environment.POSTGRES_PASSWORD" in diagnostics[0]["message"]


async def test_a_plain_text_file_is_still_not_read(raw, tmp_path):
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    path = tmp_path / "notes.txt"
    path.write_text("password: 123456\n", encoding="utf-8")
    server.wire.open(path.as_uri(), "password: 123456\n", "plaintext")
    hover = await server.call(
        "textDocument/hover", {"textDocument": {"uri": path.as_uri()}, "position": {"line": 0, "character": 2}}
    )
    assert hover["result"] is None
    assert server.wire.publications(path.as_uri()) == []


PROPERTIES = "spring.datasource.username=shop\n# the production database\nspring.datasource.password=123456\n"


@pytest.mark.parametrize("language", ["properties", "jproperties", "plaintext"])
async def test_spring_properties_password_is_diagnosed_under_the_ids_editors_give_it(raw, tmp_path, language):
    # VS Code: `properties` (also .gitconfig and .cfg there: the file name decides); Neovim: `jproperties`.
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    path = tmp_path / "src" / "main" / "resources" / "application.properties"
    diagnostics = await server.open_file(path, PROPERTIES, language=language)
    assert [(d["code"], d["range"]["start"]["line"]) for d in diagnostics] == [("BL305", 2)]
    assert "`spring.datasource.password`" in diagnostics[0]["message"]
    assert "123456" not in diagnostics[0]["message"]  # masked
    assert diagnostics[0]["range"]["start"]["character"] == len("spring.datasource.password=")


async def test_spring_properties_password_gets_the_environment_reference_fix(raw, tmp_path):
    server = raw()
    await server.initialize(tmp_path, capabilities={})  # no codeAction/resolve: edits come with the list
    path = tmp_path / "src" / "main" / "resources" / "application-prod.properties"
    (diagnostic,) = await server.open_file(path, PROPERTIES, language="properties")
    reply = await server.call(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": path.as_uri()},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic], "only": ["quickfix"]},
        },
    )
    fixes = [a for a in reply["result"] if (a.get("data") or {}).get("kind") == "backlint.fix"]
    assert len(fixes) == 1 and "DATASOURCE_PASSWORD" in fixes[0]["title"]
    (edit,) = fixes[0]["edit"]["changes"][path.as_uri()]
    assert edit["newText"] == "${DATASOURCE_PASSWORD}"
    assert edit["range"] == diagnostic["range"]


async def test_a_gitconfig_opened_as_properties_is_not_read(raw, tmp_path):
    server = raw()
    await server.initialize(tmp_path, capabilities={})
    path = tmp_path / ".gitconfig"
    text = "[credential]\n\tpassword = Tr1cky-Pa55\n"
    path.write_text(text, encoding="utf-8")
    server.wire.open(path.as_uri(), text, "properties")
    hover = await server.call(
        "textDocument/hover", {"textDocument": {"uri": path.as_uri()}, "position": {"line": 1, "character": 2}}
    )
    assert hover["result"] is None
    assert server.wire.publications(path.as_uri()) == []
