"""Findings to diagnostics: the cached conversion must give what a fresh conversion gives."""

from __future__ import annotations

from pygls.protocol import default_converter

from backlint.core import engine, ruledocs
from backlint.lsp.convert import PreparedDiagnostics, to_diagnostic
from backlint.lsp.documents import UTF8, UTF16, UTF32

SOURCE = """\
def load(cursor, order_id):
    cursor.execute(f"SELECT * FROM orders WHERE id = {order_id}")


def charge(gateway):
    try:
        gateway.charge()
    except Exception:
        pass
"""


def _analysis(text: str):
    return engine.analyze(text, path="svc.py", language="python")


def test_prepared_json_is_what_the_converter_makes_of_a_fresh_diagnostic():
    converter = default_converter()
    for encoding in (UTF8, UTF16, UTF32):
        analysis = _analysis("# é 漢 😀\n" + SOURCE.replace("order_id}", "order_id} -- é😀"))
        prepared = PreparedDiagnostics("file:///svc.py", converter.unstructure)
        out = prepared.prepare(analysis.active(), analysis.lines, encoding, ruledocs.doc_uri)
        assert len(out) == len(analysis.active()) >= 2
        for finding, (diagnostic, as_json) in zip(analysis.active(), out, strict=True):
            fresh = to_diagnostic(
                finding, analysis.lines, "file:///svc.py", encoding, ruledocs.doc_uri(finding.rule_id)
            )
            assert diagnostic == fresh
            assert as_json == converter.unstructure(fresh)


def test_unchanged_findings_reuse_their_diagnostic_and_moved_ones_do_not():
    converter = default_converter()
    prepared = PreparedDiagnostics("file:///svc.py", converter.unstructure)
    first = _analysis(SOURCE)
    before = prepared.prepare(first.active(), first.lines, UTF16, ruledocs.doc_uri)
    # An edit on the last line: the SQL finding above is untouched, the handler's range moves.
    second = _analysis(
        SOURCE.replace("        pass\n", "        pass  # TODO: the gateway retries\n").replace(
            "    except Exception:", "    except  Exception:"
        )
    )
    after = prepared.prepare(second.active(), second.lines, UTF16, ruledocs.doc_uri)
    by_rule_before = {d.code: (d, j) for d, j in before}
    by_rule_after = {d.code: (d, j) for d, j in after}
    assert by_rule_after["BL101"][0] is by_rule_before["BL101"][0]
    assert by_rule_after["BL201"][0] is not by_rule_before["BL201"][0]
    assert by_rule_after["BL201"][1]["data"]["context"] != by_rule_before["BL201"][1]["data"]["context"]


def test_same_bytes_different_utf16_width_is_not_reused():
    """`é` and `ab` are both two bytes: byte offsets stay, UTF-16 columns do not."""
    converter = default_converter()
    prepared = PreparedDiagnostics("file:///svc.py", converter.unstructure)
    line = '    cursor.execute(f"SELECT * FROM t WHERE a = {a}")  # é\n'
    text_a = "def q(cursor, a):\n" + line.replace("    cursor", "    x = 'é'; cursor")
    text_b = "def q(cursor, a):\n" + line.replace("    cursor", "    x = 'ab'; cursor")
    a, b = _analysis(text_a), _analysis(text_b)
    ((diag_a, _),) = prepared.prepare(a.active(), a.lines, UTF16, ruledocs.doc_uri)
    ((diag_b, _),) = prepared.prepare(b.active(), b.lines, UTF16, ruledocs.doc_uri)
    assert diag_b.range.start.character == diag_a.range.start.character + 1
