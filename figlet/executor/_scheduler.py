"""Run a DAG of operations eagerly on a bounded thread pool.

An operation starts as soon as every operation it depends on is done, with at most `parallel`
running at once. A failure blocks its (transitive) dependents; independent branches go on and
running operations always finish. Cancelling (Ctrl-C) starts nothing new. The loop cannot
deadlock: when nothing runs and nothing is ready, what is left is reported as skipped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from figlet.plan import Operation


@dataclass(frozen=True)
class DagResult:
    done: tuple[str, ...]
    failed: tuple[tuple[str, BaseException], ...]
    skipped: tuple[tuple[str, str], ...]  # (op id, reason)
    interrupted: bool = False


@dataclass(frozen=True)
class DagHooks:
    """Called on the scheduling thread, in order, for every operation."""

    started: Callable[[Operation], None]
    done: Callable[[Operation, str], None]
    failed: Callable[[Operation, BaseException], None]
    skipped: Callable[[Operation, str], None]


def run_dag(
    operations: Sequence[Operation],
    run: Callable[[Operation], str],
    hooks: DagHooks,
    *,
    parallel: int,
    cancel: threading.Event | None = None,
) -> DagResult:
    """Run every operation through `run` (which returns a short detail or raises)."""
    by_id = {op.id: op for op in operations}
    waiting_on = {op.id: {dep for dep in op.depends_on if dep in by_id} for op in operations}
    dependents: dict[str, list[str]] = {op.id: [] for op in operations}
    for op in operations:
        for dep in waiting_on[op.id]:
            dependents[dep].append(op.id)

    order = {op.id: index for index, op in enumerate(operations)}
    ready = [op.id for op in operations if not waiting_on[op.id]]
    pending = set(by_id) - set(ready)
    running: dict[Future[str], str] = {}
    done: list[str] = []
    failed: list[tuple[str, BaseException]] = []
    skipped: list[tuple[str, str]] = []
    interrupted = False
    cancel = cancel or threading.Event()

    def skip_dependents(op_id: str, reason: str) -> None:
        stack = list(dependents[op_id])
        while stack:
            dependent = stack.pop()
            if dependent in pending:
                pending.discard(dependent)
                skipped.append((dependent, reason))
                hooks.skipped(by_id[dependent], reason)
                stack.extend(dependents[dependent])

    with ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="figlet-op") as pool:
        while ready or running:
            try:
                while ready and len(running) < max(1, parallel) and not cancel.is_set():
                    ready.sort(key=order.__getitem__)
                    op_id = ready.pop(0)
                    running[pool.submit(run, by_id[op_id])] = op_id
                    hooks.started(by_id[op_id])
                if cancel.is_set():
                    for op_id in ready:
                        pending.add(op_id)
                    ready.clear()
                    if not running:
                        break
                finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            except KeyboardInterrupt:
                cancel.set()
                interrupted = True
                continue
            for future in sorted(finished, key=lambda f: order[running[f]]):
                op_id = running.pop(future)
                error = future.exception()
                if error is None:
                    done.append(op_id)
                    hooks.done(by_id[op_id], future.result())
                    for dependent in dependents[op_id]:
                        if dependent not in pending:
                            continue
                        waiting_on[dependent].discard(op_id)
                        if not waiting_on[dependent]:
                            pending.discard(dependent)
                            ready.append(dependent)
                else:
                    failed.append((op_id, error))
                    hooks.failed(by_id[op_id], error)
                    skip_dependents(op_id, f"{op_id} failed")

    interrupted = interrupted or cancel.is_set()
    reason = "interrupted" if interrupted else "dependency cycle"
    for op in operations:
        if op.id in pending:
            skipped.append((op.id, reason))
            hooks.skipped(op, reason)
    return DagResult(
        done=tuple(done), failed=tuple(failed), skipped=tuple(skipped), interrupted=interrupted
    )
