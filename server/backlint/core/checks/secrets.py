"""Checks for the secrets family."""

from __future__ import annotations

from .base import MatchContext, check  # noqa: F401
