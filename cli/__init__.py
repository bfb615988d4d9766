"""The headless command-line face of Campus Self-Check (imports no Qt)."""
