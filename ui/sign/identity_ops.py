"""Identity operations behind buttons: create (through CreateIdentityDialog) with the core's checks."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from checklists.answers import School
from reports.signing.identities import Identity
from ui.shell.operation_runner import run_op
from ui.store import Store


def create_identity_interactively(
    parent: QWidget | None, data_dir: Path, school: School | None, signer: str = "", title: str = ""
) -> Identity | None:
    """Ask for a new identity and create it; the dialog comes back after a refused input."""
    from reports.signing import create_identity
    from ui.sign.create_identity_dialog import CreateIdentityDialog

    dialog = CreateIdentityDialog(school, signer, title, parent)
    try:
        while dialog.exec() == QDialog.DialogCode.Accepted:
            new = dialog.identity()
            made = run_op(
                parent,
                partial(
                    create_identity,
                    data_dir,
                    school_name=new.school_name,
                    school_code=new.school_code,
                    signer=new.signer,
                    title=new.title,
                    passphrase=new.passphrase,
                ),
            )
            if made:
                return made.value
        return None
    finally:
        dialog.deleteLater()


def school_of_assessment(store: Store, assessment_id: int | None) -> School | None:
    """The school profile of self-check ``assessment_id`` (None: the current school)."""
    from models.ops.assessments import get_assessment
    from models.ops.school import get_school
    from ui.operations import current_school

    if assessment_id is not None:
        return store.call(lambda s: get_school(s, get_assessment(s, assessment_id).school_id))
    found = store.call(current_school)
    return found[1] if found else None
