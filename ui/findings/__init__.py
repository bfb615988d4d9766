"""The findings of the open assessment: a live, filterable list with explanation and rectification."""

from ui.findings.finding_editor import FindingEditor
from ui.findings.findings_model import FindingsFilterProxy, FindingsModel
from ui.findings.panel import FindingsPanel

__all__ = ["FindingEditor", "FindingsFilterProxy", "FindingsModel", "FindingsPanel"]
