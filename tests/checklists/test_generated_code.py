"""The evaluator's generated judges are compiled once per machine: a new process loads them from
the cache folder and judges alike; a foreign, damaged or stale file is never run."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checklists import compiled, generated_code

ROOT = Path(__file__).resolve().parents[2]

# Judges the sample self-check in a fresh process and prints how many sources it compiled and
# the verdicts (as the office's worker processes and the app do at their first judgement).
_JUDGE = r"""
import builtins, json, sys
compiles = []
real = builtins.compile
def counting(source, name, *args, **kwargs):
    if isinstance(name, str) and name.startswith(("<rule ", "<rows of ", "<message>")):
        compiles.append(name)
    return real(source, name, *args, **kwargs)
builtins.compile = counting
from pathlib import Path
from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_document
from checklists.registry import builtin_checklists
checklists = builtin_checklists()
sample = Path("resources/samples/sample_school.json").read_text(encoding="utf-8")
results = evaluate_document(DocumentParser(checklists).parse(json.loads(sample)), checklists)
verdicts = {
    cid: [(f.code, f.row, f.message.zh) for f in r.findings]
    for cid, r in results.checklists.items()
}
print(json.dumps({"compiled": len(compiles), "names": compiles, "verdicts": verdicts}))
"""


def _judge(cache: Path | None) -> dict[str, Any]:
    """``cache``: the app's cache folder (None: no cache on disk)."""
    env = dict(os.environ, CAMPUS_SELFCHECK_CACHE="" if cache is None else str(cache))
    done = subprocess.run(
        [sys.executable, "-c", _JUDGE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def _code_files(cache: Path) -> list[Path]:
    return sorted((cache / "checklists").glob("code-*.marshal"))


def test_a_new_process_compiles_nothing_again_and_judges_alike(tmp_path: Path) -> None:
    first = _judge(tmp_path / "cache")
    assert first["compiled"] > 0  # judges of rules, rows and messages
    assert len(_code_files(tmp_path / "cache")) == 1
    again = _judge(tmp_path / "cache")
    assert again["compiled"] == 0, again["names"]
    assert again["verdicts"] == first["verdicts"]
    assert any(again["verdicts"].values())  # the sample has findings to compare


def test_without_a_cache_folder_every_process_compiles(tmp_path: Path) -> None:
    assert _judge(None)["compiled"] == _judge(None)["compiled"] > 0


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(compiled.CACHE_ENV, str(tmp_path / "cache"))
    generated_code.forget_generated_code()
    yield tmp_path / "cache" / "checklists"
    generated_code.forget_generated_code()


SOURCE = "def judge(s):\n    return s * 2\n"


def _run(source: str = SOURCE) -> object:
    namespace: dict[str, object] = {}
    exec(generated_code.compiled_source(source, "<rule test>"), namespace)  # noqa: S102
    return namespace["judge"](21)  # type: ignore[operator]


def _planted(cache: Path, mode: int) -> Path:
    """A cache file giving SOURCE's key the code of another function (a forged judge)."""
    generated_code.forget_generated_code()
    key = generated_code._key(SOURCE, "<rule test>")
    forged = compile("def judge(s):\n    return 'forged'\n", "<rule test>", "exec")
    path = generated_code._path()
    assert path is not None and path.parent == cache
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(generated_code._FORMAT + b"\n" + marshal.dumps({key: forged}))
    path.chmod(mode)
    return path


def test_the_process_s_own_file_is_read(cache: Path) -> None:
    _planted(cache, 0o600)
    assert _run() == "forged"  # the user's own file is trusted, as the compiled checklists


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership is POSIX")
def test_a_file_others_may_write_is_never_run(cache: Path) -> None:
    path = _planted(cache, 0o666)
    assert _run() == 42
    generated_code.keep_new_code()
    generated_code.forget_generated_code()
    assert path.stat().st_mode & 0o022 == 0  # replaced by this user's own
    assert _run() == 42


@pytest.mark.parametrize(
    "content",
    [b"", b"not the format\n" + marshal.dumps({}), generated_code._FORMAT + b"\n\x00\x01garbage",
     generated_code._FORMAT + b"\n" + marshal.dumps([1, 2]),
     generated_code._FORMAT + b"\n" + marshal.dumps({b"short": compile("1", "<x>", "exec")})],
    ids=["empty", "other-format", "damaged", "not-a-table", "bad-key"],
)  # fmt: skip
def test_a_damaged_file_is_ignored_and_replaced(cache: Path, content: bytes) -> None:
    path = generated_code._path()
    assert path is not None
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    path.chmod(0o600)
    assert _run() == 42
    generated_code.keep_new_code()
    generated_code.forget_generated_code()
    key = generated_code._key(SOURCE, "<rule test>")
    assert set(generated_code._read(path)) == {key}


def test_a_file_that_runs_out_of_memory_when_read_is_ignored_and_replaced(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged count ("[" and 2³¹ items) makes marshal ask for gigabytes: with memory capped
    that is a MemoryError, which once failed every report of a run, run after run."""
    path = generated_code._path()
    assert path is not None
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(generated_code._FORMAT + b"\n[\xff\xff\xff\x7f")
    path.chmod(0o600)

    def out_of_memory(_data: bytes) -> object:
        raise MemoryError

    with monkeypatch.context() as patched:
        patched.setattr(generated_code.marshal, "loads", out_of_memory)
        assert _run() == 42
        generated_code.keep_new_code()
    generated_code.forget_generated_code()
    assert set(generated_code._read(path)) == {generated_code._key(SOURCE, "<rule test>")}


def test_sources_of_several_processes_are_all_kept(cache: Path) -> None:
    other = "def judge(s):\n    return s + 1\n"
    assert _run() == 42
    generated_code.keep_new_code()
    generated_code.forget_generated_code()  # another process, which has not read the first's
    generated_code._codes = {}
    assert _run(other) == 22
    generated_code.keep_new_code()
    path = generated_code._path()
    assert path is not None
    kept = generated_code._read(path)
    assert set(kept) == {
        generated_code._key(SOURCE, "<rule test>"),
        generated_code._key(other, "<rule test>"),
    }


def test_a_source_that_does_not_compile_raises_and_is_not_kept(cache: Path) -> None:
    with pytest.raises(SyntaxError):
        generated_code.compiled_source("def judge(:\n", "<rule broken>")
    generated_code.keep_new_code()
    assert not _code_files(cache.parent)
