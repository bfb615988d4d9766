"""The PySide6 desktop face of Campus Self-Check (the only package that imports Qt)."""
