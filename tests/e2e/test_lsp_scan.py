"""The workspace scan: progress, excludes, diagnostics for files not open, cancellation."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from tests.support.lsp.client import with_rule

pytestmark = pytest.mark.asyncio(loop_scope="module")

SWALLOWED = "def charge(order):\n    try:\n        submit(order)\n    except Exception:\n        pass\n"


def _write(root, relative, text=SWALLOWED):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _kinds(client, token):
    return [type(v).__name__ for v in client.progress_reports.get(token, [])]


def _titled(client, words: str) -> list:
    """The progress tokens whose begin title has `words` (the scan's, or the start-up index's)."""
    return [
        token
        for token, reports in client.progress_reports.items()
        if reports and type(reports[0]).__name__ == "WorkDoneProgressBegin" and words in reports[0].title
    ]


async def test_scan_publishes_for_every_file_and_honours_excludes(launch, project):
    (project / "pyproject.toml").write_text('[tool.backlint]\nexclude = ["generated/**"]\n')
    app = _write(project, "app.py")
    nested = _write(project, "pkg/orders.py")
    excluded = _write(project, "generated/client.py")
    vendored = _write(project, "node_modules/lib/index.py")
    client = await launch("vscode")

    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="backlint.scanWorkspace"))
    # The two Python files and pyproject.toml (configuration files are read for secrets).
    assert result["files"] == 3 and result["cancelled"] is False
    published = client.recorder.published
    for path in (app, nested):
        assert [d.range.start.line for d in with_rule(list(published[path.as_uri()][-1].diagnostics), "BL201")] == [3]
    assert excluded.as_uri() not in published and vendored.as_uri() not in published

    tokens = _titled(client, "scanning")
    assert len(tokens) == 1
    kinds = _kinds(client, tokens[0])
    assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"
    assert client.progress_reports[tokens[0]][0].cancellable is True


async def test_scan_can_be_cancelled(launch, project):
    for number in range(300):
        _write(project, f"module_{number:03}.py")
    client = await launch("neovim")
    scan = asyncio.ensure_future(
        client.workspace_execute_command_async(types.ExecuteCommandParams(command="backlint.scanWorkspace"))
    )
    token = await client.recorder.wait_until(lambda: next(iter(_titled(client, "scanning")), None))
    client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))
    result = await scan
    assert result["cancelled"] is True
    assert result["files"] < 300
    assert _kinds(client, token)[-1] == "WorkDoneProgressEnd"


async def test_the_workspace_is_indexed_after_start_up_with_progress_and_excludes(launch, project):
    (project / "pyproject.toml").write_text('[tool.backlint]\nexclude = ["generated/**"]\n')
    for name in ("app.py", "pkg/orders.py", "pkg/db.py", "generated/client.py"):
        _write(project, name)
    client = await launch("vscode")
    token = await client.recorder.wait_until(
        lambda: next((t for t in _titled(client, "indexing") if _kinds(client, t)[-1] == "WorkDoneProgressEnd"), None)
    )
    reports = client.progress_reports[token]
    assert reports[0].cancellable is True
    assert reports[-1].message == "3 files"  # the Python files, without the excluded one
