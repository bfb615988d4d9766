"""Build the standalone program from campus-selfcheck.spec and report where, how big, how long.

    .venv/bin/python packaging/build.py                 # → dist/CampusSelfCheck/
    .venv/bin/python packaging/build.py --zip           # … and CampusSelfCheck-0.1.0-linux-x86_64.zip
    .venv/bin/python packaging/build.py --dist D --work W --json

The same command builds on Windows (see packaging/WINDOWS.md). Needs the ``build`` extra:
``pip install -e '.[build]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "campus-selfcheck.spec"
APP_FOLDER = "CampusSelfCheck"  # as named in the spec


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: the folder, its program, size on disk and build time."""

    app_dir: str
    executable: str
    size_bytes: int
    files: int
    seconds: float
    zip: str | None = None


def executable_name() -> str:
    """The program's file name on this platform."""
    return APP_FOLDER + (".exe" if sys.platform == "win32" else "")


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, file count) of everything under ``folder``."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def platform_tag() -> str:
    """``windows-amd64``, ``linux-x86_64``, …: for the name of the zip."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower()}"


SYMLINK_MODE = 0o120777  # S_IFLNK | rwxrwxrwx: what unzip and Info-ZIP restore as a link


def make_zip(app_dir: Path, version: str) -> Path:
    """Zip the app folder (with the folder itself at the top) beside it; return the zip's path.

    PyInstaller's folder holds symbolic links (Qt's frameworks, the libraries' versioned names);
    they are stored as links, the way ``zip --symlinks`` does, not as copies of their targets.
    """
    target = app_dir.parent / f"{APP_FOLDER}-{version}-{platform_tag()}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(app_dir.rglob("*")):
            name = path.relative_to(app_dir.parent).as_posix()
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.create_system = 3  # Unix: the mode in external_attr is honoured
                info.external_attr = SYMLINK_MODE << 16
                archive.writestr(info, os.readlink(path))
            elif path.is_file() or path.is_dir() and not any(path.iterdir()):
                archive.write(path, name)
    return target


def build(
    dist: Path,
    work: Path,
    *,
    with_zip: bool = False,
    quiet: bool = True,
    cache_dir: Path | None = None,
) -> BuildResult:
    """Run PyInstaller on the spec into ``dist`` (``work`` for its scratch files).

    ``cache_dir`` gives PyInstaller a cache of its own: two builds sharing the default one
    (~/.cache/pyinstaller) at the same moment can corrupt its index.
    """
    env = dict(os.environ)
    if cache_dir is not None:
        env["PYINSTALLER_CONFIG_DIR"] = str(cache_dir)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--log-level",
        "WARN" if quiet else "INFO",
        str(SPEC),
    ]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, env=env)
    seconds = time.perf_counter() - started
    app_dir = dist / APP_FOLDER
    size, count = folder_size(app_dir)
    archive = None
    if with_zip:
        sys.path.insert(0, str(ROOT))
        from checklists.foundation.appinfo import app_version

        archive = str(make_zip(app_dir, app_version()))
    return BuildResult(
        str(app_dir), str(app_dir / executable_name()), size, count, round(seconds, 1), archive
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: build, then print a summary (or JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's scratch")
    parser.add_argument("--zip", action="store_true", help="also zip the folder for handing out")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--verbose", action="store_true", help="PyInstaller's full log")
    parser.add_argument("--cache-dir", type=Path, default=None, help="a private PyInstaller cache")
    args = parser.parse_args(argv)
    try:
        result = build(
            args.dist,
            args.work,
            with_zip=args.zip,
            quiet=not args.verbose,
            cache_dir=args.cache_dir,
        )
    except subprocess.CalledProcessError as exc:
        print(f"PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(asdict(result)))
    else:
        print(f"built {result.app_dir} in {result.seconds:.0f} s")
        print(f"size {result.size_bytes / 2**20:.1f} MiB in {result.files} files")
        print(f"program {result.executable}")
        if result.zip:
            print(f"zip {result.zip} ({Path(result.zip).stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
