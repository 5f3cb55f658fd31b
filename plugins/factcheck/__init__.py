"""Fact-check records: schema, strict loading, validation, rendering and exports.

Everything in this package except :mod:`factcheck.plugin` and :mod:`factcheck.config`
is free of MkDocs imports, so it can serve another site generator.
"""

from __future__ import annotations

__version__ = "0.2.0"
