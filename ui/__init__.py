"""The PySide6 desktop face of Campus Self-Check (the only package that imports Qt)."""

from ui.shell import qtfix as _qtfix

_qtfix.install()  # before any signal is emitted anywhere in the UI
