"""What every fuzz test checks, and the corpus the mutation tests start from.

The property: loading a project (`load_project`, what `figlet config` runs) either succeeds or
raises a `FigletError` whose every problem names a file and a line, within `CASE_SECONDS`.
Any other exception, an "internal error" (a loader bug the loader's last guard caught), a
problem without a line, or a hang fails the case.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import yaml
from hypothesis import HealthCheck, settings

from figlet.errors import FigletError
from figlet.loader import load_project
from figlet.options import LoadOptions

REPO = Path(__file__).resolve().parents[2]
CASE_SECONDS = 10.0  # a guard against a hang only: a case takes milliseconds


def _find_corpus() -> Path | None:
    """The shared conformance cases: `../shared` of the repository, or of a folder above it
    (a worktree lives one level deeper than the main checkout)."""
    for parent in REPO.parents:
        cases = parent / "shared" / "conformance" / "cases"
        if cases.is_dir():
            return cases
    return None


CORPUS = _find_corpus()


def fuzz_settings(examples: int) -> settings:
    """Settings for one fuzz test: no deadline (the alarm guards hangs), no database file.
    FIGLET_FUZZ_SCALE=N runs N times as many examples (a longer hunt than the suite's)."""
    scale = int(os.environ.get("FIGLET_FUZZ_SCALE") or "1")
    return settings(
        max_examples=examples * max(scale, 1),
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
    )


class Hang(BaseException):
    """A case ran past CASE_SECONDS (a BaseException: the loader's guard must not catch it)."""


@contextlib.contextmanager
def time_guard(seconds: float = CASE_SECONDS) -> Iterator[None]:
    """Raise `Hang` in the block when it runs longer than `seconds` (SIGALRM, main thread)."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"the load ran past {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def unlocated(error: FigletError) -> list[str]:
    """The problems of `error` that do not name a file and a line, or that report a loader
    bug."""
    bad = []
    for problem in error.problems:
        if problem.message.startswith("... and ") and problem is error.problems[-1]:
            continue  # the count of the problems not shown
        location = problem.location
        if (
            location is None
            or not location.file
            or location.line < 1
            or "internal error" in problem.message
            or f"{location.file}:{location.line}" not in problem.render()
        ):
            bad.append(problem.render())
    return bad


def check_load(
    directory: Path,
    files: tuple[str, ...] = (),
    environ: Mapping[str, str] | None = None,
) -> None:
    """Load the project in `directory` and assert the property (see the module docstring)."""
    options = LoadOptions(
        files=files,
        project_name="fuzz",
        environ=dict(environ or {}),  # no HOME: no load cache
        working_dir=str(directory),
    )
    with time_guard():
        try:
            load_project(options)
        except FigletError as error:
            bad = unlocated(error)
            assert not bad, "problems without file:line:\n" + "\n".join(bad)


@dataclass(frozen=True)
class Case:
    """One case of the corpus: its folder, its compose files in -f order, its environment."""

    name: str
    files: tuple[str, ...]
    environ: Mapping[str, str]


def corpus_cases() -> list[Case]:
    """Every corpus case with its `args` (files, env), sorted by name; [] without a corpus."""
    if CORPUS is None:
        return []
    cases = []
    for folder in sorted(CORPUS.iterdir()):
        args_file = folder / "args"
        args = yaml.safe_load(args_file.read_text()) if args_file.is_file() else None
        args = args if isinstance(args, dict) else {}
        files = tuple(str(f) for f in args.get("files") or ["compose.yaml"])
        if not all((folder / f).is_file() for f in files):
            continue
        env = {str(k): str(v) for k, v in (args.get("env") or {}).items()}
        cases.append(Case(folder.name, files, env))
    return cases


CASES = corpus_cases()


def copy_corpus(destination: Path) -> Path:
    """A writable copy of the corpus cases under `destination`."""
    assert CORPUS is not None
    target = destination / "cases"
    shutil.copytree(CORPUS, target)
    return target


@contextlib.contextmanager
def replaced(path: Path, content: bytes) -> Iterator[None]:
    """`path` holds `content` inside the block, its own bytes again after."""
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        yield
    finally:
        path.write_bytes(original)
