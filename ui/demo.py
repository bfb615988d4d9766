"""The sample school: imported into a data folder so a newcomer sees a filled-in self-check at once."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

SAMPLE_PATH = (
    Path(__file__).resolve().parent.parent / "resources" / "samples" / "sample_school.json"
)


def import_sample(s: Session, sample: Path = SAMPLE_PATH, *, user: str | None = None) -> int:
    """Import the sample answers document as a new draft; returns its assessment id."""
    from checklists.answers_doc import read_answers_file
    from checklists.registry import load_checklists
    from models.ops.common import data_dir_of
    from models.ops.exchange import import_document

    checklists = load_checklists(data_dir_of(s))
    doc = read_answers_file(sample, checklists)
    return import_document(s, doc, user=user, checklists=checklists)


def demo_data_dir() -> Path:
    """A fresh temporary data folder for the demo (left to the OS's temp cleanup)."""
    return Path(tempfile.mkdtemp(prefix="campus-selfcheck-demo-"))
