"""Deterministic fixes: what a rule record's `fix = "..."` names, computed from one finding.

A fixer returns edits to the document (byte offsets into the analysed UTF-8 text) and, for the
secrets fix, lines to append to a workspace file such as `.env.example`. Every fix is verified
(`verify`) before any front door offers it: the edited text re-parses with no new syntax error, the
finding is gone, and no new finding appears.
"""

from __future__ import annotations

from .base import FIXERS, Edit, FileAppend, Fix, FixRequest, apply_edits, fixer
from .verify import compute_fix, verify

__all__ = ["FIXERS", "Edit", "FileAppend", "Fix", "FixRequest", "apply_edits", "compute_fix", "fixer", "verify"]
