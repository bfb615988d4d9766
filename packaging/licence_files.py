"""Build-time collection of licence texts into the standalone build's ``licences/`` folder.

campus-selfcheck.spec calls ``collect`` after the analysis: the Python distributions whose
modules are in the bundle (their LICENSE/COPYING/NOTICE files, or the texts kept in
resources/licences/ for PySide6), Python itself and, on Linux, the native libraries taken from
the system (their Debian copyright files). The About box reads them back through
checklists.foundation.licences.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from checklists.foundation.licences import (
    BUNDLE_FOLDER,
    PYTHON,
    canonical,
    distribution_licence_files,
    python_licence,
)


def top_level_names(module_names: Iterable[str], binary_destinations: Iterable[str]) -> set[str]:
    """Top-level package names of the analysed modules and of the extension binaries."""
    names = {m.split(".")[0] for m in module_names}
    names |= {Path(d).parts[0].split(".")[0] for d in binary_destinations if Path(d).parts}
    return {n for n in names if n}


def distributions_of(names: Iterable[str]) -> set[str]:
    """The installed distributions that provide these top-level import names."""
    provided = metadata.packages_distributions()
    return {dist for name in names for dist in provided.get(name, ())}


def debian_copyrights(sources: Iterable[str]) -> list[tuple[Path, str]]:
    """(copyright file, Debian package) for the system libraries among ``sources`` (Linux)."""
    system = sorted({s for s in sources if s.startswith(("/usr/lib", "/lib"))})
    if not system or not Path("/usr/bin/dpkg").exists():
        return []
    result = subprocess.run(["dpkg", "-S", *system], capture_output=True, text=True, check=False)
    packages = set()
    for line in result.stdout.splitlines():
        owners = line.split(": ", 1)[0]
        packages |= {p.strip().split(":")[0] for p in owners.split(",")}
    found = []
    for package in sorted(packages):
        path = Path("/usr/share/doc") / package / "copyright"
        if path.is_file():
            found.append((path, package))
    return found


def collect(modules: Iterable[str], binaries: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(destination path, source path) of every licence text the bundle must carry.

    ``binaries`` are the analysis' (destination, source) pairs.
    """
    binaries = list(binaries)
    entries: list[tuple[str, str]] = []
    for dist in sorted(distributions_of(top_level_names(modules, (d for d, _s in binaries)))):
        for source, relative in distribution_licence_files(dist):
            entries.append((f"{BUNDLE_FOLDER}/{canonical(dist)}/{relative}", str(source)))
    python = python_licence()
    if python is not None:
        entries.append((f"{BUNDLE_FOLDER}/{PYTHON}/{python.name}", str(python)))
    for path, package in debian_copyrights(s for _d, s in binaries):
        entries.append((f"{BUNDLE_FOLDER}/system/{package}/copyright", str(path)))
    return entries
