"""Checks for the error-handling family (BL2xx).

The queries find the shapes (broad handlers, statement-level calls, clients); these predicates
decide what the shape cannot say on its own: whether a handler body does anything with the error,
whether a Go call returns an error, whether a JS call returns a promise. Facts about the whole
file (its async functions, its error-returning Go functions, its loggers) are computed once per
file with small helper queries (`queries/<lang>/helpers/`) and kept in `FileContext.cache`.

One module per language (`python`, `javascript` for TypeScript and TSX too, `go`, `java`, and any
other module placed here); `common` holds what they share and loads the helper queries.
"""

from __future__ import annotations

import importlib
import pkgutil

# Importing the language modules registers their checks: every module of this package, so a new
# language's module needs no line here.
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
