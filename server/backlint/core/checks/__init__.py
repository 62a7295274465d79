"""Named predicates that rule records refer to in `checks = [...]`.

A check sees one query match (a MatchContext) and returns False to drop it. It may also lower the
confidence, fill message fields, move the reported range, add related places or attach fix data.
Rule logic lives in the queries; checks only filter what a query cannot express.
"""

from __future__ import annotations

# Importing the family modules registers their checks.
from . import config_secrets as _config_secrets  # noqa: F401
from . import errors as _errors  # noqa: F401
from . import secrets as _secrets  # noqa: F401
from . import sql as _sql  # noqa: F401
from . import sql_fixed_returns as _sql_fixed_returns  # noqa: F401
from . import sql_wrappers as _sql_wrappers  # noqa: F401
from .base import CHECKS, FileContext, MatchContext, check

__all__ = ["CHECKS", "FileContext", "MatchContext", "check"]
