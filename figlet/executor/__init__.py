"""The executor: runs a `Plan` against an `Engine`, reporting events. It makes no decisions.

outcome = execute(plan, project, engine, events, parallel=default_parallel(os.environ))
if not outcome.ok:
    raise outcome.error()
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from figlet.engine.base import Engine
from figlet.errors import FigletError, Problem, StateChanged
from figlet.events import (
    EventSink,
    OperationDone,
    OperationFailed,
    OperationSkipped,
    OperationStarted,
)
from figlet.executor._translate import Translator
from figlet.model import Project
from figlet.options import RunSettings
from figlet.plan import SWARM_ACTIONS, Action, Operation, Plan
from figlet.sensitive import Redactor, redactor_of

if TYPE_CHECKING:
    import threading

    from figlet.executor._swarm import ObjectIds

__all__ = [
    "DEFAULT_PARALLEL",
    "Failure",
    "Outcome",
    "Translator",
    "default_parallel",
    "execute",
]

DEFAULT_PARALLEL = 16


def default_parallel(environ: Mapping[str, str]) -> int:
    """COMPOSE_PARALLEL_LIMIT if set to a positive number, else DEFAULT_PARALLEL."""
    raw = environ.get("COMPOSE_PARALLEL_LIMIT", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return DEFAULT_PARALLEL


@dataclass(frozen=True)
class Failure:
    """An operation that failed, with its message."""

    op_id: str
    target: str
    service: str | None
    message: str
    stale: str | None = None  # how the engine's state moved under the plan (`StateChanged`)

    def problem(self) -> Problem:
        where = f'service "{self.service}": ' if self.service else ""
        if where and where in self.message:
            where = ""
        head, _, hint = self.message.partition("\n  ")
        subject = "" if self.target in head else f"{self.target}: "
        return Problem(
            f"{where}{subject}{head}",
            hint=hint or "fix the cause above and rerun; finished steps are kept",
        )


@dataclass(frozen=True)
class Outcome:
    """What happened: done / failed / skipped operation ids, and whether Ctrl-C stopped it."""

    done: tuple[str, ...] = ()
    failures: tuple[Failure, ...] = ()
    skipped: tuple[str, ...] = ()
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures and not self.skipped and not self.interrupted

    @property
    def stale(self) -> bool:
        """It failed only because the engine's state moved under the plan: observing and
        planning again is the cure, not a change by the user."""
        return (
            bool(self.failures)
            and not self.interrupted
            and all(f.stale is not None for f in self.failures)
        )

    def error(self) -> FigletError:
        problems = [failure.problem() for failure in self.failures]
        if self.interrupted:
            problems.append(Problem("interrupted", hint="rerun the command to finish"))
        elif self.skipped and not self.failures:
            problems.append(Problem(f"{len(self.skipped)} operation(s) could not run"))
        return FigletError(problems, exit_code=130 if self.interrupted else 1)


class _Hidden:
    """Hides the project's sensitive values (`figlet.sensitive`) in a failure's message: an
    engine's answer may quote what it was sent. The values are found at the first failure."""

    def __init__(self, project: Project | None) -> None:
        self._project = project
        self._redactor: Redactor | None = None

    def __call__(self, text: str) -> str:
        if self._project is None:
            return text
        if self._redactor is None:
            self._redactor = redactor_of(self._project.spec, self._project.environment)
        return self._redactor.redact(text)


def _swarm_objects(plan: Plan) -> ObjectIds | None:
    """One record of secret and config ids for a plan that deploys (None for the others)."""
    if not any(op.action in SWARM_ACTIONS for op in plan.operations):
        return None
    from figlet.executor._swarm import ObjectIds

    return ObjectIds()


def _message(error: BaseException) -> str:
    if isinstance(error, FigletError):
        return error.render()
    return f"{type(error).__name__}: {error}"


def execute(
    plan: Plan,
    project: Project | None,
    engine: Engine,
    events: EventSink,
    *,
    parallel: int = DEFAULT_PARALLEL,
    settings: RunSettings | None = None,
    translator: Translator | None = None,
    cancel: threading.Event | None = None,
    image_ids: Mapping[str, str] | None = None,
) -> Outcome:
    """Run `plan`: each operation as soon as its dependencies are done, `parallel` at most.

    `project` may be None only for plans that touch no container spec (`down` without a file).
    `image_ids` (reference -> local id, as just observed) spares the creates a lookup each.
    """
    # the actions and the thread pool load here: a no-op `up` never needs them
    from figlet.executor._actions import ActionContext, ImageIds, run_operation
    from figlet.executor._scheduler import DagHooks, EarlyDone, run_dag

    ids = {op.id for op in plan.operations}
    unknown = sorted(
        f"{op.id} -> {dep}" for op in plan.operations for dep in op.depends_on if dep not in ids
    )
    if unknown or len(ids) != len(plan.operations):
        raise FigletError(
            Problem(
                "the plan is inconsistent (duplicate ids or unknown dependencies: "
                + ", ".join(unknown or ["duplicates"])
                + ")",
                hint="this is a figlet bug; please report it with `figlet plan --format json`",
            )
        )
    ctx = ActionContext(
        project=project,
        engine=engine,
        translator=translator or Translator.default(),
        settings=settings or RunSettings(),
        image_ids=ImageIds(engine, image_ids),
        awaited=frozenset(op.id for op in plan.operations if op.action is Action.ADDRESS),
        early=EarlyDone(),
        events=events,
        swarm_objects=_swarm_objects(plan),
    )

    def run(op: Operation) -> str:
        return run_operation(ctx, op)

    hidden = _Hidden(project)

    def emit(
        event: OperationStarted | OperationDone | OperationFailed | OperationSkipped,
    ) -> None:
        if event.action is not Action.ADDRESS:  # bookkeeping, not a change to show
            events.emit(event)

    hooks = DagHooks(
        started=lambda op: emit(
            OperationStarted(op.id, op.action, op.target, op.service, time.time())
        ),
        done=lambda op, detail: emit(
            OperationDone(op.id, op.action, op.target, op.service, time.time(), detail)
        ),
        failed=lambda op, error: emit(
            OperationFailed(
                op.id, op.action, op.target, op.service, time.time(), hidden(_message(error))
            )
        ),
        skipped=lambda op, reason: emit(
            OperationSkipped(op.id, op.action, op.target, op.service, time.time(), reason)
        ),
    )
    result = run_dag(plan.operations, run, hooks, parallel=parallel, cancel=cancel, early=ctx.early)
    by_id = {op.id: op for op in plan.operations}
    return Outcome(
        done=result.done,
        failures=tuple(
            Failure(
                op_id,
                by_id[op_id].target,
                by_id[op_id].service,
                hidden(_message(error)),
                stale=error.change if isinstance(error, StateChanged) else None,
            )
            for op_id, error in result.failed
        ),
        skipped=tuple(op_id for op_id, _ in result.skipped),
        interrupted=result.interrupted,
    )
