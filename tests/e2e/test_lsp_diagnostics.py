"""Diagnostics on open and after edits, push or pull depending on the client."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.support.lsp.client import change_document, diagnostics, help_uri, is_pull, open_document, span, with_rule

pytestmark = pytest.mark.asyncio(loop_scope="module")

SWALLOWED = """\
import logging


def charge(order):
    try:
        submit(order)
    except Exception:
        pass
"""


async def test_finding_on_open_has_exact_range_and_contract_fields(client, workspace):
    uri = open_document(client, workspace / "billing.py", SWALLOWED)
    found = with_rule(await diagnostics(client, uri, 1), "BL201")
    assert len(found) == 1
    diagnostic = found[0]
    assert span(diagnostic) == (6, 4, 6, 10)  # the `except` keyword
    assert diagnostic.source == "backlint"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.code_description.href == help_uri("python", "BL201")
    assert diagnostic.data["rule"] == "BL201"
    assert diagnostic.data["fix"] == "log-and-reraise"
    assert diagnostic.data["language"] == "python"
    assert diagnostic.data["fingerprint"]
    assert diagnostic.data["context"] == {"start": [6, 4], "end": [7, 12]}


async def test_edits_move_and_clear_findings(client, workspace):
    uri = open_document(client, workspace / "billing.py", SWALLOWED)
    assert [span(d) for d in with_rule(await diagnostics(client, uri, 1), "BL201")] == [(6, 4, 6, 10)]

    # Two lines above: the finding moves down with its code.
    change_document(client, uri, 2, (1, 0, 1, 0, "\n\n"))
    assert [span(d) for d in with_rule(await diagnostics(client, uri, 2), "BL201")] == [(8, 4, 8, 10)]

    # Re-raise instead of `pass`: nothing to report.
    change_document(client, uri, 3, (9, 8, 9, 12, "raise"))
    assert with_rule(await diagnostics(client, uri, 3), "BL201") == []

    # Typed back one character at a time: the finding returns on the last keystroke.
    change_document(client, uri, 4, (9, 8, 9, 13, ""))
    for version, char in enumerate("pass", start=5):
        change_document(client, uri, version, (9, 8 + version - 5, 9, 8 + version - 5, char))
    assert [span(d) for d in with_rule(await diagnostics(client, uri, 8), "BL201")] == [(8, 4, 8, 10)]


async def test_several_changes_in_one_notification_apply_in_order(client, workspace):
    uri = open_document(client, workspace / "billing.py", SWALLOWED)
    await diagnostics(client, uri, 1)
    # Insert a line at the top, then (in the shifted coordinates) replace `pass`.
    change_document(client, uri, 2, (0, 0, 0, 0, "import os\n"), (8, 8, 8, 12, "raise"))
    assert with_rule(await diagnostics(client, uri, 2), "BL201") == []


async def test_whole_document_replacement(client, workspace):
    uri = open_document(client, workspace / "billing.py", "x = 1\n")
    assert with_rule(await diagnostics(client, uri, 1), "BL201") == []
    change_document(client, uri, 2, SWALLOWED)
    assert [span(d) for d in with_rule(await diagnostics(client, uri, 2), "BL201")] == [(6, 4, 6, 10)]


async def test_form_feed_does_not_split_lines(client, workspace):
    # LSP breaks lines at \n, \r\n and \r only; a form feed is ordinary text on its line.
    text = (
        "import logging\n\f\ndef charge(order):  # \f page\n"
        "    try:\n        submit(order)\n    except Exception:\n        pass\n"
    )
    uri = open_document(client, workspace / "paged.py", text)
    assert [span(d) for d in with_rule(await diagnostics(client, uri, 1), "BL201")] == [(5, 4, 5, 10)]
    # An edit addressed with LSP line numbers lands on the right line only if \f is not a break.
    change_document(client, uri, 2, (6, 8, 6, 12, "raise"))
    assert with_rule(await diagnostics(client, uri, 2), "BL201") == []
    change_document(client, uri, 3, (6, 8, 6, 13, "pass"), (2, 0, 2, 0, "\f"))
    assert [span(d) for d in with_rule(await diagnostics(client, uri, 3), "BL201")] == [(5, 4, 5, 10)]


async def test_close_clears_pushed_diagnostics(client, workspace):
    uri = open_document(client, workspace / "billing.py", SWALLOWED)
    assert with_rule(await diagnostics(client, uri, 1), "BL201")
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    if is_pull(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri))
        )
        assert list(report.items) == []
    else:
        await client.recorder.wait_until(lambda: not client.recorder.published[uri][-1].diagnostics)


async def test_pull_reports_unchanged_and_pull_clients_get_no_push(client, workspace):
    if not is_pull(client):
        assert client.init_result.capabilities.diagnostic_provider is None
        pytest.skip("this client is sent diagnostics (push)")
    uri = open_document(client, workspace / "billing.py", SWALLOWED)
    request = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri))
    first = await client.text_document_diagnostic_async(request)
    assert first.kind == "full" and first.result_id
    assert [d.code for d in first.items] == ["BL201"]
    again = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri), previous_result_id=first.result_id
        )
    )
    assert again.kind == "unchanged" and again.result_id == first.result_id
    change_document(client, uri, 2, (4, 8, 4, 12, "raise"))
    changed = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri), previous_result_id=first.result_id
        )
    )
    assert changed.kind == "full" and list(changed.items) == []
    assert uri not in client.recorder.published  # never both pushed and pulled


async def test_related_information_points_where_the_sql_was_built(client, workspace):
    text = (
        "def find(cursor, email):\n"
        "    query = f\"SELECT id FROM users WHERE email = '{email}'\"\n"
        "    cursor.execute(query)\n"
    )
    uri = open_document(client, workspace / "queries.py", text)
    found = with_rule(await diagnostics(client, uri, 1), "BL101")
    assert len(found) == 1 and found[0].range.start.line == 2
    related = found[0].related_information
    assert [(r.location.uri, r.location.range.start.line, r.location.range.start.character) for r in related] == [
        (uri, 1, 4)
    ]
    assert related[0].message


RUNNER = """\
def run_query(conn, sql):
    cursor = conn.cursor()
    cursor.execute(sql)
    return cursor.fetchall()
"""
CALLER = """\
from .db import run_query


def by_name(conn, name):
    return run_query(conn, f"SELECT * FROM users WHERE name = '{name}'")
"""


async def test_sql_handed_to_a_helper_in_another_file_points_at_where_it_runs(client, workspace):
    (workspace / "__init__.py").write_text("", encoding="utf-8")
    helper = workspace / "db.py"
    helper.write_text(RUNNER, encoding="utf-8")
    uri = open_document(client, workspace / "handlers.py", CALLER)
    found = with_rule(await diagnostics(client, uri, 1), "BL103")
    assert len(found) == 1
    assert span(found[0])[:2] == (4, 27)  # the f-string handed over
    assert "run_query(), which runs its `sql` argument with execute() (db.py:3)" in found[0].message
    related = found[0].related_information or []
    assert [(r.location.uri, r.location.range.start.line) for r in related] == [(helper.resolve().as_uri(), 2)]
    # The hover names the chain too: where the helper runs the SQL, with its file.
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(4, 30))
    )
    assert "run_query() runs its `sql` argument here (db.py:3)" in hover.contents.value


async def test_a_caller_is_checked_again_when_its_helper_changes(launch, project):
    (project / "__init__.py").write_text("", encoding="utf-8")
    helper = project / "db.py"
    helper.write_text(RUNNER, encoding="utf-8")
    client = await launch("vscode")
    uri = open_document(client, project / "handlers.py", CALLER)
    assert len(with_rule(await diagnostics(client, uri, 1), "BL103")) == 1
    watched = [r for r in client.recorder.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert "**/*.{py,js,jsx,mjs,cjs,ts,tsx}" in str([r.register_options for r in watched])
    # The helper stops running what it is given (changed on disk, as by a checkout): the caller is clean.
    helper.write_text("def run_query(conn, sql):\n    return sql.split()\n", encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=helper.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await client.recorder.wait_until(
        lambda: not with_rule(list(client.recorder.published[uri][-1].diagnostics), "BL103")
    )


FETCH_ORDERS = """\
const axios = require("axios");

async function listOrders(customer) {
  return axios.get(`https://orders.internal/api/${customer}`);
}
module.exports = { listOrders };
"""


async def test_a_package_manifest_changed_on_disk_decides_the_role_again(launch, project):
    manifest = project / "package.json"
    manifest.write_text('{"dependencies": {"express": "4", "axios": "1"}}', encoding="utf-8")
    client = await launch("vscode")
    uri = open_document(client, project / "src" / "orders.js", FETCH_ORDERS, "javascript")
    assert len(with_rule(await diagnostics(client, uri, 1), "BL207")) == 1
    watched = [r for r in client.recorder.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert "**/{package.json,Cargo.toml,*compose*.yml,*compose*.yaml}" in str([r.register_options for r in watched])
    # The package becomes a front-end one (a branch checked out): its calls run in a browser now.
    manifest.write_text('{"dependencies": {"react": "18", "axios": "1"}}', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=manifest.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await client.recorder.wait_until(
        lambda: not with_rule(list(client.recorder.published[uri][-1].diagnostics), "BL207")
    )


async def test_typing_in_an_open_helper_checks_its_callers_again_before_any_save(launch, project):
    (project / "__init__.py").write_text("", encoding="utf-8")
    helper = project / "db.py"
    helper.write_text(RUNNER, encoding="utf-8")
    client = await launch("vscode")
    caller = open_document(client, project / "handlers.py", CALLER)
    assert len(with_rule(await diagnostics(client, caller, 1), "BL103")) == 1
    helper_uri = open_document(client, helper, RUNNER)
    await diagnostics(client, helper_uri, 1)
    # The helper stops running its argument, in the editor only: the disk still has the old text.
    change_document(client, helper_uri, 2, (2, 4, 2, 23, "return sql.split()"))
    await client.recorder.wait_until(
        lambda: not with_rule(list(client.recorder.published[caller][-1].diagnostics), "BL103")
    )
    # And runs it again: the caller's finding is back, still unsaved.
    change_document(client, helper_uri, 3, (2, 4, 2, 22, "cursor.execute(sql)"))
    await client.recorder.wait_until(
        lambda: with_rule(list(client.recorder.published[caller][-1].diagnostics), "BL103")
    )
    # Closed with an unsaved change that stops running it, the file on disk decides again (it runs it).
    change_document(client, helper_uri, 4, (2, 4, 2, 23, "return sql.split()"))
    await client.recorder.wait_until(
        lambda: not with_rule(list(client.recorder.published[caller][-1].diagnostics), "BL103")
    )
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(helper_uri)))
    await client.recorder.wait_until(
        lambda: with_rule(list(client.recorder.published[caller][-1].diagnostics), "BL103")
    )
    assert helper.read_text(encoding="utf-8") == RUNNER
