"""Deterministic fixes for the errors family."""

from __future__ import annotations

from . import Edit, Fix, FixRequest, fixer  # noqa: F401
