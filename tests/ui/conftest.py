"""Fixtures of the UI tests: an open store on a fresh data folder, the sample imported, isolated settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from models.database import open_database
from ui.demo import import_sample
from ui.store import AssessmentModel, Store


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp) -> Iterator[Path]:
    """QSettings in a temporary folder, so tests never touch the user's settings."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("CampusSelfCheckTests")
    QCoreApplication.setApplicationName("CampusSelfCheckTests")
    yield folder


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """A Store on a fresh data folder (closed after the test)."""
    db = open_database(data_dir)
    st = Store(db, "tester")
    yield st
    db.close()


@pytest.fixture
def sample_id(store: Store) -> int:
    """The sample school's assessment, imported into the test's data folder."""
    return store.call(lambda s: import_sample(s, user="tester"))


@pytest.fixture
def sample_model(store: Store, sample_id: int) -> AssessmentModel:
    """The sample assessment opened as an AssessmentModel."""
    return AssessmentModel(store, sample_id)
