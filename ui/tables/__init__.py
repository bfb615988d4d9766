"""Editing checklist tables (guards, classrooms, any table item), driven by the definition's columns."""

from ui.tables.editor import TableEditor
from ui.tables.import_dialog import ImportTableDialog
from ui.tables.rows_model import TableRowsModel

__all__ = ["ImportTableDialog", "TableEditor", "TableRowsModel"]
