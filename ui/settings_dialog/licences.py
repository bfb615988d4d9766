"""The components the program ships and their licences (Qt-free), for the about page."""

from __future__ import annotations

import platform
from importlib import metadata

from checklists.foundation import appinfo
from ui.settings_dialog.models import Licence

# The distributions the program runs on (pyproject's dependencies and what they bring along),
# with the licence each states. The list is curated: a frozen build may carry no metadata.
PYTHON_PACKAGES: tuple[tuple[str, str], ...] = (
    ("PySide6-Essentials", "LGPL-3.0-only"),
    ("shiboken6", "LGPL-3.0-only"),
    ("SQLAlchemy", "MIT"),
    ("PyYAML", "MIT"),
    ("reportlab", "BSD-3-Clause"),
    ("openpyxl", "MIT"),
    ("xlrd", "BSD-3-Clause"),
    ("et-xmlfile", "MIT"),
    ("defusedxml", "PSF-2.0"),
    ("pyHanko", "MIT"),
    ("pyhanko-certvalidator", "MIT"),
    ("cryptography", "Apache-2.0 OR BSD-3-Clause"),
    ("asn1crypto", "MIT"),
    ("oscrypto", "MIT"),
    ("uritools", "MIT"),
    ("tzlocal", "MIT"),
    ("pypdf", "BSD-3-Clause"),
    ("pypdfium2", "Apache-2.0 OR BSD-3-Clause; PDFium: BSD-3-Clause"),
    ("qrcode", "BSD-3-Clause"),
    ("pillow", "MIT-CMU"),
    ("fonttools", "MIT"),
    ("uharfbuzz", "Apache-2.0"),
    ("platformdirs", "MIT"),
)
APP_LICENCE = "Apache-2.0"
FONT = ("Noto Sans CJK SC (CampusCJK)", "2.004", "OFL-1.1")
FONT_SYMBOLS = ("WenQuanYi Micro Hei (CampusCJK ✔ ✘ ≒)", "0.2.0-beta", "Apache-2.0")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "—"


def licences(lang: str = "zh") -> list[Licence]:
    """The program itself (named in ``lang``), Python, the bundled font and every Python package."""
    name = appinfo.APP_NAME_EN if lang == "en" else appinfo.APP_NAME_ZH
    rows = [
        Licence(name, appinfo.app_version(), APP_LICENCE),
        Licence("Python", platform.python_version(), "PSF-2.0"),
        Licence(*FONT),
        Licence(*FONT_SYMBOLS),
    ]
    rows += [Licence(name, _version(name), licence) for name, licence in PYTHON_PACKAGES]
    return rows
