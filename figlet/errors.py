"""Errors as values: each names where it comes from and what to do.

Every layer raises `FigletError` (or a subclass); the CLI renders it once, in one place, and exits
with its `exit_code`. No other exception is meant to reach the user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

# What kind of refusal an engine's error answer is (`figlet.engine._docker_errors.classify`):
# "gone" (no such container), "missing" (no such network, volume, exec...), "image missing",
# "name taken" (a container holds the name), "exists" (a network of that name exists),
# "has endpoints" (a network still counts endpoints), "in use" (a volume in use), "in progress"
# (a removal already running), "not running" (a container stopped or paused), "conflict"
# (another 409), "port taken", "no executable", "refused" (anything else).
Refusal = Literal[
    "gone",
    "missing",
    "image missing",
    "name taken",
    "exists",
    "has endpoints",
    "in use",
    "in progress",
    "not running",
    "conflict",
    "port taken",
    "no executable",
    "refused",
]
_MISSING: frozenset[Refusal] = frozenset({"gone", "missing", "image missing"})


@dataclass(frozen=True)
class Location:
    """A place in a source file; line and column count from 1 (0 = unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.file}:{self.line}:{self.column}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


@dataclass(frozen=True)
class Problem:
    """One thing that is wrong: where, at which key path, what, and a hint on what to do."""

    message: str
    location: Location | None = None
    path: str = ""
    hint: str = ""

    def render(self) -> str:
        head = ": ".join(
            part for part in (str(self.location or ""), self.path, self.message) if part
        )
        return f"{head}\n  {self.hint}" if self.hint else head


class FigletError(Exception):
    """An error a user can act on. Rendered by the CLI without a traceback."""

    exit_code: int = 1

    def __init__(self, problems: Problem | str | Iterable[Problem], *, exit_code: int = 1) -> None:
        if isinstance(problems, str):
            items: tuple[Problem, ...] = (Problem(problems),)
        elif isinstance(problems, Problem):
            items = (problems,)
        else:
            items = tuple(problems)
        self.problems = items
        self.exit_code = exit_code
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(problem.render() for problem in self.problems)


class ConfigError(FigletError):
    """The compose files cannot be loaded: located problems, all reported at once."""


class EngineError(FigletError):
    """The engine refused or could not be reached; the message says what to do. `refusal`
    is the kind of refusal the engine answered, None when it did not answer one (unreachable,
    no answer in time, a failure figlet itself found)."""

    def __init__(
        self,
        problems: Problem | str | Iterable[Problem],
        *,
        exit_code: int = 1,
        refusal: Refusal | None = None,
    ) -> None:
        super().__init__(problems, exit_code=exit_code)
        self.refusal = refusal

    @property
    def missing(self) -> bool:
        """The engine has no such object (HTTP 404): a container, network, volume, image..."""
        return self.refusal in _MISSING


class StateChanged(EngineError):
    """The engine's state moved under a running plan: a name the plan creates is taken, or a
    container it acts on is gone. Another client did it, e.g. a killed `figlet up` whose
    requests the engine was still finishing when the rerun observed. Observing and planning
    again converges. `change` says which: "name taken" or "gone"."""

    def __init__(
        self, problems: Problem | str | Iterable[Problem], *, change: Literal["name taken", "gone"]
    ) -> None:
        super().__init__(problems, refusal=change)
        self.change = change


@dataclass(frozen=True)
class LoadWarning:
    """A non-fatal remark (e.g. obsolete `version:`), shown once on stderr."""

    message: str
    location: Location | None = None
    extra: tuple[str, ...] = field(default=())

    def render(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message
