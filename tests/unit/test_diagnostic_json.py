"""The start-up path's JSON diagnostics are the ones the server's lsprotocol objects serialise to."""

from pygls.protocol import default_converter

from backlint.core import engine
from backlint.lsp.convert import diagnostic_from_key
from backlint.lsp.diagnostic_json import diagnostic_json, diagnostic_key

SOURCE = """\
import requests


def find(cursor, name):
    query = "SELECT * FROM users WHERE name = '" + name + "'"
    cursor.execute(query)


def sync():
    try:
        requests.get("https://example.com/feed")
    except Exception:
        pass


API_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc9TqYx8Gh"
"""


def test_json_diagnostics_equal_the_serialised_lsprotocol_ones():
    analysis = engine.analyze(SOURCE, path="/tmp/svc/app.py", language="python")
    assert len(analysis.findings) >= 3
    unstructure = default_converter().unstructure
    for encoding in ("utf-8", "utf-16"):
        for finding in analysis.findings:
            key = diagnostic_key(finding, analysis.lines, encoding, f"https://docs/{finding.rule_id}")
            uri = "file:///tmp/svc/app.py"
            assert diagnostic_json(key, uri) == unstructure(diagnostic_from_key(key, uri))
