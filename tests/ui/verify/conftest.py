"""The report screens' fixtures (tests/ui/report_fixtures.py) for these tests."""

from tests.ui.report_fixtures import (  # noqa: F401  (the report screens' fixtures)
    _stop_timers,
    boxes,
    files,
    identity,
    opened,
    shown_errors,
    signed_pdf,
)
