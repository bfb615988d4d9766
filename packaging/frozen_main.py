"""Entry point of the standalone build: main.py's main() behind multiprocessing's freeze support.

The office's aggregation checks reports in worker processes ("spawn"). A frozen program starts
those workers by running its own executable again with multiprocessing's arguments;
``freeze_support()`` (patched by PyInstaller) recognises them and runs the worker instead of the
app. Without it every worker would start the command line and die.
"""

from __future__ import annotations

import multiprocessing
import sys

from main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
