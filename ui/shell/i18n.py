"""The UI language: Chinese in the code, English from resources/translations/campus_en.qm; switchable."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

LANGUAGES = ("zh", "en")
SETTINGS_KEY = "ui/language"
ENV_LANG = "CAMPUS_SELFCHECK_LANG"

_state: dict[str, object] = {"lang": "zh", "translators": []}


def translations_dir() -> Path:
    """The folder of the compiled translations (also inside a PyInstaller bundle)."""
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).resolve().parents[2]
    return root / "resources" / "translations"


def current_language() -> str:
    """The language now installed: "zh" or "en"."""
    return str(_state["lang"])


def translate(context: str, text: str) -> str:
    """``QCoreApplication.translate`` for code outside a QObject (lupdate finds ``translate("Ctx", "…")``)."""
    return QCoreApplication.translate(context, text)


def saved_language() -> str | None:
    """The language chosen in the app before (QSettings), if any."""
    value = QSettings().value(SETTINGS_KEY)
    return value if value in LANGUAGES else None


def startup_language(option: str | None) -> str:
    """The language to start in: --lang, else the saved choice, else $CAMPUS_SELFCHECK_LANG, else zh."""
    for candidate in (option, saved_language(), os.environ.get(ENV_LANG)):
        if candidate in LANGUAGES:
            return str(candidate)
    return "zh"


def _remove_translators(app: QCoreApplication) -> None:
    for translator in list(_state["translators"]):  # type: ignore[call-overload]
        app.removeTranslator(translator)
    _state["translators"] = []


def _load(app: QCoreApplication, name: str, folder: str) -> None:
    translator = QTranslator(app)
    if translator.load(name, folder):
        app.installTranslator(translator)
        _state["translators"].append(translator)  # type: ignore[attr-defined]


def install_language(lang: str, *, remember: bool = False) -> str:
    """Install ``lang`` (every widget gets a LanguageChange event); returns the language installed."""
    app = QCoreApplication.instance()
    lang = lang if lang in LANGUAGES else "zh"
    if app is not None:
        _remove_translators(app)
        if lang == "en":
            _load(app, "campus_en", str(translations_dir()))
        else:  # Qt's own dialogs (QMessageBox buttons, calendar) in Chinese
            _load(app, "qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    QLocale.setDefault(
        QLocale(
            QLocale.Language.English if lang == "en" else QLocale.Language.Chinese,
            QLocale.Country.UnitedStates if lang == "en" else QLocale.Country.China,
        )
    )
    _state["lang"] = lang
    if remember:
        QSettings().setValue(SETTINGS_KEY, lang)
    return lang
