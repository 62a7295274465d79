"""The backend expert end to end: the real `backlint serve` process, the real anthropic SDK inside it,
and a local fake Messages API that records every request.

One server per client profile is shared by the tests of this module (the fake's script and record
are reset per test); the server runs in strict mode, so a swallowed exception fails the run.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import pytest_asyncio
from lsprotocol import types

from tests.support.fake_anthropic import FakeAnthropic
from tests.support.lsp.client import (
    PROFILES,
    apply_text_edits,
    diagnostics,
    edits_for,
    encoding_of,
    open_document,
    start_client,
    stop_clients,
    with_rule,
)
from tests.support.lsp.server import server_env

pytestmark = pytest.mark.asyncio(loop_scope="module")

API_KEY = "sk-ant-api03-e2e-test-key-never-sent-in-a-body-0123456789"
STRIPE_KEY = "sk_live_" + "51HbQxT2eZvKYlo2C8rS9mN4pQ7wX3vB6"  # concatenated: this file is no finding

PY_SQL = f'''import sqlite3

STRIPE_KEY = "{STRIPE_KEY}"


def find_user(conn, name):
    cur = conn.cursor()
    cur.execute(f"SELECT * FROM users WHERE name = '{{name}}'")
    return cur.fetchone()
'''

PY_SWALLOW = f'''import logging

logger = logging.getLogger(__name__)
STRIPE_KEY = "{STRIPE_KEY}"


def charge(order):
    try:
        gateway.charge(order, STRIPE_KEY)
    except Exception:
        pass
'''

JS_SWALLOW = f'''const stripeKey = "{STRIPE_KEY}";

async function find(client, name) {{
  try {{
    return await client.query("SELECT 1", [stripeKey]);
  }} catch (err) {{
  }}
}}
'''

GO_SWALLOW = """package app

func Sync(client Client) error {
	if err := client.Push(); err != nil {
	}
	return nil
}
"""

JAVA_SWALLOW = """class Sync {
    void sync(Client client) {
        try {
            client.push();
        } catch (Exception e) {
        }
    }
}
"""

# family -> (file name, language, text, rule, the model's fix reply, a line the fixed text must contain)
FAMILIES = {
    "sql": (
        "users.py",
        "python",
        PY_SQL,
        "BL101",
        '```python lines=8-8\n    cur.execute("SELECT * FROM users WHERE name = ?", (name,))\n```\nParameterised.',
        '    cur.execute("SELECT * FROM users WHERE name = ?", (name,))',
    ),
    "errors-python": (
        "billing.py",
        "python",
        PY_SWALLOW,
        "BL201",
        "```python lines=10-11\n"
        '    except Exception:\n        logger.exception("charge failed for %s", order)\n        raise\n```',
        '        logger.exception("charge failed for %s", order)',
    ),
    "secrets": (
        "payments.py",
        "python",
        PY_SWALLOW,
        "BL301",
        # The model keeps the placeholder it was shown; the server turns it into an environment lookup.
        '```python lines=4-4\nSTRIPE_KEY = "<SECRET:stripe-secret-key#1>"\n```\nRead from the environment.',
        'STRIPE_KEY = os.environ["STRIPE_KEY"]',
    ),
    "errors-go": (
        "sync.go",
        "go",
        GO_SWALLOW,
        "BL201",
        "```go lines=4-5\n\tif err := client.Push(); err != nil {\n\t\treturn err\n\t}\n```",
        "\t\treturn err",
    ),
    "errors-java": (
        "Sync.java",
        "java",
        JAVA_SWALLOW,
        "BL201",
        "```java lines=5-6\n        } catch (Exception e) {\n"
        '            throw new IllegalStateException("push failed", e);\n        }\n```',
        '            throw new IllegalStateException("push failed", e);',
    ),
    "errors-javascript": (
        "find.js",
        "javascript",
        JS_SWALLOW,
        "BL201",
        '```javascript lines=6-7\n  } catch (err) {\n    console.error("query failed", err);\n    throw err;\n  }\n```',
        '    console.error("query failed", err);',
    ),
}


@pytest.fixture(scope="module")
def fake():
    with FakeAnthropic() as server:
        yield server


def _env(cache: Path, fake: FakeAnthropic | None) -> dict[str, str]:
    if fake is None:
        return server_env(BACKLINT_CACHE_DIR=str(cache))
    return server_env(BACKLINT_CACHE_DIR=str(cache), ANTHROPIC_API_KEY=API_KEY, ANTHROPIC_BASE_URL=fake.url)


async def _start(root: Path, profile: str, env: dict[str, str]):
    settings = {"debounceMs": 0, "llm": {"maxRetries": 0, "timeoutSeconds": 20, "requestsPerMinute": 1000}}
    return await start_client(root, profile, settings=settings, initialization_options=settings, env=env)


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=sorted(PROFILES))
async def client(request, tmp_path_factory, fake):
    """The shared `client` of the root conftest.py, its server talking to the fake API."""
    root = tmp_path_factory.mktemp(f"expert-{request.param}")
    started = await _start(root, request.param, _env(tmp_path_factory.mktemp("cache"), fake))
    yield started
    await stop_clients([started])


@pytest.fixture
def script(fake):
    fake.reset()
    return fake


_counter = iter(range(10_000))


async def _open(client, name: str, language: str, text: str, rule: str):
    """Open a copy made unique by a trailing comment, so no test is served another's cached answer."""
    number = next(_counter)
    path = client.root / f"t{number}" / name
    path.parent.mkdir()
    text += ("# " if language == "python" else "// ") + f"copy {number} for {client.profile}\n"
    uri = open_document(client, path, text, language)
    [diagnostic] = with_rule(await diagnostics(client, uri, 1), rule)
    return uri, diagnostic, text


async def _code_actions(client, uri, diagnostic):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )


async def _command(client, name: str, uri: str, diagnostic, msg_id=None):
    params = types.ExecuteCommandParams(command=name, arguments=[uri, diagnostic.data["fingerprint"]])
    if msg_id is None:
        return await client.workspace_execute_command_async(params)
    return await client.protocol.send_request_async(types.WORKSPACE_EXECUTE_COMMAND, params, msg_id=msg_id)


def _user_turn(request) -> str:
    return request.json["messages"][0]["content"]


async def test_actions_are_listed_on_every_diagnostic_without_calling_the_model(client, script):
    uri, diagnostic, _text = await _open(client, "billing.py", "python", PY_SWALLOW, "BL201")
    actions = await _code_actions(client, uri, diagnostic)
    titles = [a.title for a in actions]
    assert "Explain with backend expert" in titles and "Fix with backend expert" in titles
    fix = next(a for a in actions if a.title == "Fix with backend expert")
    assert fix.kind == types.CodeActionKind.QuickFix and fix.edit is None  # computed only when picked
    assert script.requests == []


@pytest.mark.parametrize("family", sorted(FAMILIES))
async def test_explain_opens_markdown_and_the_hover_shows_it(client, script, family):
    name, language, text, rule, _reply, _line = FAMILIES[family]
    uri, diagnostic, text = await _open(client, name, language, text, rule)
    script.reply(f"**{rule} here**: an attacker who controls `name` controls the query.")

    result = await _command(client, "backlint.explain", uri, diagnostic)

    assert result["source"] == "model" and result["shown"] is True
    assert client.shown_documents[-1].uri == result["uri"]
    markdown = Path(unquote(urlparse(result["uri"]).path)).read_text(encoding="utf-8")
    assert markdown.startswith(f"# {rule} ") and "an attacker who controls" in markdown
    # One request: the persona as a cached system block, the finding in the user turn, no secret.
    [request] = script.requests
    system = request.json["system"][0]
    assert system["cache_control"] == {"type": "ephemeral"} and "senior backend engineer" in system["text"]
    assert f"{rule} " in _user_turn(request) and "<untrusted-code" in _user_turn(request)
    assert STRIPE_KEY.encode() not in request.body and API_KEY.encode() not in request.body
    # Progress was reported while the model worked.
    ends = [
        v for reports in client.progress_reports.values() for v in reports if isinstance(v, types.WorkDoneProgressEnd)
    ]
    assert ends, "no $/progress end"
    # From now on the hover over that finding carries the explanation.
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), diagnostic.range.start)
    )
    assert "Backend expert" in hover.contents.value and "an attacker who controls" in hover.contents.value


@pytest.mark.parametrize("family", sorted(FAMILIES))
async def test_fix_is_verified_and_asks_for_confirmation(client, script, family):
    name, language, text, rule, reply, expected_line = FAMILIES[family]
    uri, diagnostic, text = await _open(client, name, language, text, rule)
    script.reply(reply)
    action = next(a for a in await _code_actions(client, uri, diagnostic) if a.title == "Fix with backend expert")
    resolved = await client.code_action_resolve_async(action)
    assert resolved.edit is not None
    fixed = apply_text_edits(text, edits_for(resolved.edit, uri), encoding_of(client))
    assert expected_line in fixed.splitlines()
    if family == "secrets":  # the placeholder came back as a lookup, never as the original value
        assert STRIPE_KEY not in fixed and fixed.startswith("import os\nimport logging\n")
    if resolved.edit.document_changes:  # clients with documentChanges get the confirmation annotation
        annotation = resolved.edit.change_annotations["backlint.expert"]
        assert annotation.needs_confirmation is True
        assert all(e.annotation_id == "backlint.expert" for e in edits_for(resolved.edit, uri))
    assert "Task: fix" in _user_turn(script.requests[0])


async def test_fix_command_applies_through_workspace_apply_edit(client, script):
    name, language, text, rule, reply, expected_line = FAMILIES["errors-python"]
    uri, diagnostic, text = await _open(client, name, language, text, rule)
    script.reply(reply)
    before = len(client.recorder.applied_edits)
    result = await _command(client, "backlint.fix", uri, diagnostic)
    assert result["applied"] is True and result["source"] == "model"
    applied = client.recorder.applied_edits[before]
    assert expected_line in apply_text_edits(text, edits_for(applied.edit, uri), encoding_of(client)).splitlines()


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("```python lines=10-11\n    except Exception:\n        if (\n```", "does not parse"),
        ("```python lines=10-11\n    except Exception:\n        pass  # fixed\n```", "the edit changes only comments"),
        ("```python lines=1-11\nprint('rewritten')\n```", "reaches outside the finding's context"),
        (
            "```python lines=10-11\n    except Exception:\n        os.system('sh')\n        raise\n```",
            "adds `os.system`",
        ),
    ],
    ids=["syntax-error", "comment-only", "out-of-range", "injected-call"],
)
async def test_an_unsafe_fix_is_not_offered(client, script, reply, reason):
    uri, diagnostic, text = await _open(client, "billing.py", "python", PY_SWALLOW, "BL201")
    script.reply(reply)
    before = len(client.messages)
    action = next(a for a in await _code_actions(client, uri, diagnostic) if a.title == "Fix with backend expert")
    resolved = await client.code_action_resolve_async(action)
    [message] = client.messages[before:]
    assert reason in message.message and "was not offered" in message.message
    if resolved.edit is not None:  # only ever backlint's own verified fix, never the model's text
        fixed = apply_text_edits(text, edits_for(resolved.edit, uri), encoding_of(client))
        assert "os.system" not in fixed and "if (" not in fixed and "rewritten" not in fixed
        assert "backlint's own fix is offered instead" in message.message


async def test_a_denied_file_is_never_sent(client, script):
    uri, diagnostic, _text = await _open(client, "secrets.py", "python", PY_SWALLOW, "BL201")
    before = len(client.messages)
    result = await _command(client, "backlint.explain", uri, diagnostic)
    assert result["source"] == "offline" and script.requests == []
    assert "backlint.llm.denyFiles (secrets.*)" in client.messages[before].message
    shown = await _command(client, "backlint.showPayload", uri, diagnostic)
    assert shown["payload"] is None and "denyFiles" in shown["reason"]


async def test_show_payload_returns_exactly_what_would_be_sent_and_sends_nothing(client, script):
    uri, diagnostic, _text = await _open(client, "billing.py", "python", PY_SWALLOW, "BL201")
    shown = await _command(client, "backlint.showPayload", uri, diagnostic)
    assert shown["sent"] is False and script.requests == []
    assert STRIPE_KEY not in str(shown["payload"])
    await _command(client, "backlint.explain", uri, diagnostic)
    sent = script.requests[0].json
    sent.pop("stream", None)
    assert sent == shown["payload"]


async def test_the_cache_serves_a_repeat_without_a_request(client, script):
    text = PY_SWALLOW.replace("charge", "refund")
    uri, diagnostic, text = await _open(client, "refunds.py", "python", text, "BL201")
    script.reply("Refund failures vanish here.")
    first = await _command(client, "backlint.explain", uri, diagnostic)
    second = await _command(client, "backlint.explain", uri, diagnostic)
    assert (first["source"], second["source"]) == ("model", "cache")
    assert "Refund failures vanish here." in second["markdown"]
    assert len(script.requests) == 1


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        (lambda f: f.fail(429, {"retry-after": "30"}), "HTTP 429"),
        (lambda f: f.fail(500), "HTTP 500"),
        (lambda f: f.fail(529), "HTTP 529"),
        (lambda f: f.drop(), "could not reach the model"),
        (lambda f: f.malformed(), "could not be read"),
    ],
    ids=["429", "500", "529", "dropped", "malformed"],
)
async def test_each_failure_degrades_to_the_offline_answer_and_the_server_keeps_serving(client, script, failure, words):
    text = PY_SWALLOW.replace("charge", f"pay_{next(_counter)}")
    uri, diagnostic, text = await _open(client, "pay.py", "python", text, "BL201")
    failure(script)
    before = len(client.messages)
    result = await _command(client, "backlint.explain", uri, diagnostic)
    assert result["source"] == "offline"
    assert "swallowed-exception" in result["markdown"] and "rule record" in result["markdown"]
    [message] = client.messages[before:]
    assert words in message.message and "offline answer" in message.message
    # Still serving: the next explain reaches the model.
    script.reply("Back online.")
    again = await _command(client, "backlint.explain", uri, diagnostic)
    assert again["source"] == "model" and "Back online." in again["markdown"]


async def test_cancel_request_stops_the_http_request(client, script):
    text = PY_SWALLOW.replace("charge", f"slow_{next(_counter)}")
    uri, diagnostic, text = await _open(client, "slow.py", "python", text, "BL201")
    script.slow()
    msg_id = f"explain-to-cancel-{client.profile}"
    pending = asyncio.ensure_future(_command(client, "backlint.explain", uri, diagnostic, msg_id=msg_id))
    assert await asyncio.to_thread(script.request_started.wait, 30)
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=msg_id))
    with pytest.raises(Exception) as raised:
        await pending
    assert "cancel" in str(raised.value).lower()
    # The server hung up on the fake API while the reply was still being held.
    assert await asyncio.to_thread(script.client_disconnected.wait, 30)
    assert not script.release.is_set()
    # And it keeps serving.
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), diagnostic.range.start)
    )
    assert hover is not None and "BL201" in hover.contents.value


async def test_without_a_key_the_actions_work_offline(tmp_path_factory):
    root = tmp_path_factory.mktemp("offline")
    offline = await _start(root, "vscode", _env(tmp_path_factory.mktemp("offline-cache"), None))
    try:
        uri, diagnostic, text = await _open(offline, "find.js", "javascript", JS_SWALLOW, "BL201")
        result = await _command(offline, "backlint.explain", uri, diagnostic)
        assert result["source"] == "offline" and offline.messages == []  # said in the document, no popup
        markdown = result["markdown"]
        assert "swallowed-exception" in markdown and "catch (err)" in markdown
        assert "ANTHROPIC_API_KEY" in markdown  # how to enable the model
        assert STRIPE_KEY not in markdown  # masked even in the offline document
        action = next(a for a in await _code_actions(offline, uri, diagnostic) if a.title == "Fix with backend expert")
        resolved = await offline.code_action_resolve_async(action)
        fixed = apply_text_edits(text, edits_for(resolved.edit, uri), encoding_of(offline))
        assert "throw err;" in fixed
    finally:
        await stop_clients([offline])


async def test_cancelling_the_progress_stops_the_http_request_and_still_answers(client, script):
    text = PY_SWALLOW.replace("charge", f"slow_{next(_counter)}")
    uri, diagnostic, text = await _open(client, "slow.py", "python", text, "BL201")
    known = set(client.progress_reports)
    script.slow()
    pending = asyncio.ensure_future(_command(client, "backlint.explain", uri, diagnostic))
    assert await asyncio.to_thread(script.request_started.wait, 30)

    def begun():
        return next((t for t, values in client.progress_reports.items() if t not in known and values), None)

    token = await client.recorder.wait_until(begun)
    client.protocol.notify(types.WINDOW_WORK_DONE_PROGRESS_CANCEL, types.WorkDoneProgressCancelParams(token=token))
    assert await pending == {"cancelled": True}
    assert await asyncio.to_thread(script.client_disconnected.wait, 30)
    assert isinstance(client.progress_reports[token][-1], types.WorkDoneProgressEnd)
