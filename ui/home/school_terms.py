"""School terms: the default period name and reference date of a new self-check.

The school calendar is the core's (models.ops.periods), shared with the CLI.
"""

from __future__ import annotations

from models.ops.periods import current_term

__all__ = ["current_term"]
