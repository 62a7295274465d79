from backlint.core import engine

SOURCE = """\
def a():
    try:
        x()
    except Exception:  # backlint: ignore[BL201] -- best effort cache warm-up
        pass


def b():
    try:
        x()
    # backlint: ignore[BL201]
    except Exception:
        pass


def c():
    try:
        x()
    except Exception:  # backlint: ignore[BL101] -- another rule, so this still fires
        pass
"""


def test_line_and_next_line_suppressions_with_reason():
    analysis = engine.analyze(SOURCE, path="svc.py", language="python")
    by_line = {f.span.start.line + 1: f for f in analysis.findings if f.rule_id == "BL201"}
    assert sorted(by_line) == [4, 12, 19]
    assert by_line[4].suppression.kind == "line"
    assert by_line[4].suppression.reason == "best effort cache warm-up"
    assert by_line[12].suppressed and by_line[12].suppression.reason is None
    assert not by_line[19].suppressed


def test_file_wide_suppression():
    source = "# backlint: ignore-file[BL201] -- generated client\n" + SOURCE
    analysis = engine.analyze(source, path="svc.py", language="python")
    assert analysis.findings and all(f.suppression.kind == "file" for f in analysis.findings if f.rule_id == "BL201")


def test_fingerprints_survive_line_shifts():
    before = engine.analyze(SOURCE, path="svc.py", language="python")
    after = engine.analyze("import os\n\n\n" + SOURCE, path="svc.py", language="python")
    assert [f.fingerprint for f in before.findings] == [f.fingerprint for f in after.findings]
    assert len({f.fingerprint for f in before.findings}) == len(before.findings)
