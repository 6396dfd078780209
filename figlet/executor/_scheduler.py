"""Run a DAG of operations eagerly on a bounded thread pool.

An operation starts as soon as every operation it depends on is done, with at most `parallel`
running at once. A failure blocks its (transitive) dependents; independent branches go on and
running operations always finish. Cancelling (Ctrl-C) starts nothing new. The loop cannot
deadlock: when nothing runs and nothing is ready, what is left is reported as skipped.

A running operation may finish a pending one early (`EarlyDone.finish`): an ADDRESS operation
is done once its container's start has connected it, before that start returns. An operation
finished early counts as done (its dependents may start); if nothing finishes it early, it
runs as usual once its dependencies are done.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from queue import SimpleQueue

from figlet.plan import Operation


@dataclass(frozen=True)
class DagResult:
    """How a run of the operation DAG ended: done, failed, skipped, interrupted."""

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


class EarlyDone:
    """Operations that running ones have finished early, for the scheduler to pick up.

    `finish` may be called from any thread, any number of times; an id that is not pending
    (unknown, running, done, failed or skipped) is ignored by the scheduler."""

    def __init__(self) -> None:
        self.finished: dict[str, str] = {}  # op id -> detail, in the order they came
        self._wakeups: SimpleQueue[None] | None = None

    def finish(self, op_id: str, detail: str = "") -> None:
        self.finished.setdefault(op_id, detail)
        if self._wakeups is not None:
            self._wakeups.put(None)

    def wake(self, wakeups: SimpleQueue[None]) -> None:
        """From now on, drop a token in `wakeups` (the queue the scheduler waits on) at every
        `finish`; what was finished before is in `finished` already."""
        self._wakeups = wakeups


def run_dag(
    operations: Sequence[Operation],
    run: Callable[[Operation], str],
    hooks: DagHooks,
    *,
    parallel: int,
    cancel: threading.Event | None = None,
    early: EarlyDone | None = None,
) -> DagResult:
    """Run every operation through `run` (which returns a short detail or raises); `early`
    is how `run` finishes other operations before they are due."""
    by_id = {op.id: op for op in operations}
    waiting_on = {op.id: {dep for dep in op.depends_on if dep in by_id} for op in operations}
    dependents: dict[str, list[str]] = {op.id: [] for op in operations}
    for op in operations:
        for dep in waiting_on[op.id]:
            dependents[dep].append(op.id)

    order = {op.id: index for index, op in enumerate(operations)}
    ready = [op.id for op in operations if not waiting_on[op.id]]
    pending = set(by_id) - set(ready)
    running: set[str] = set()
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

    def release(op_id: str) -> None:
        """`op_id` is done: its pending dependents whose last wait it was become ready."""
        for dependent in dependents[op_id]:
            if dependent not in pending:
                continue
            waiting_on[dependent].discard(op_id)
            if not waiting_on[dependent]:
                pending.discard(dependent)
                ready.append(dependent)

    early = early or EarlyDone()
    seen_early = 0
    workers = _Workers(run, max(1, parallel))
    early.wake(workers.wakeups)
    try:
        while ready or running:
            try:
                while ready and len(running) < max(1, parallel) and not cancel.is_set():
                    ready.sort(key=order.__getitem__)
                    op_id = ready.pop(0)
                    workers.submit(by_id[op_id], busy=len(running) + 1)
                    running.add(op_id)
                    hooks.started(by_id[op_id])
                if cancel.is_set():
                    for op_id in ready:
                        pending.add(op_id)
                    ready.clear()
                    if not running:
                        break
                finished = workers.ended(running, early.finished, seen_early)
            except KeyboardInterrupt:
                cancel.set()
                interrupted = True
                continue
            finished_early = list(early.finished)[seen_early:]
            seen_early += len(finished_early)
            for op_id in finished_early:
                if op_id in pending:
                    pending.discard(op_id)
                    done.append(op_id)
                    hooks.started(by_id[op_id])
                    hooks.done(by_id[op_id], early.finished[op_id])
                    release(op_id)
            for op_id in sorted(finished, key=order.__getitem__):
                running.discard(op_id)
                detail, error = workers.outcome(op_id)
                if error is None:
                    done.append(op_id)
                    hooks.done(by_id[op_id], detail or "")
                    release(op_id)
                else:
                    failed.append((op_id, error))
                    hooks.failed(by_id[op_id], error)
                    skip_dependents(op_id, f"{op_id} failed")
    finally:
        workers.close()

    interrupted = interrupted or cancel.is_set()
    reason = "interrupted" if interrupted else "dependency cycle"
    for op in operations:
        if op.id in pending:
            skipped.append((op.id, reason))
            hooks.skipped(op, reason)
    return DagResult(
        done=tuple(done), failed=tuple(failed), skipped=tuple(skipped), interrupted=interrupted
    )


class _Workers:
    """At most `size` threads running operations, started as they are needed and reused (so
    each keeps its engine connection); `concurrent.futures` would cost every command that runs
    a plan a few ms of imports for the same.

    Ctrl-C raises KeyboardInterrupt in the scheduling thread wherever it is, so nothing that
    thread waits on may be left half-done by it: a worker records an outcome in a dict (one
    assignment) and then drops a token in a queue, and the scheduling thread looks at the dict
    before it waits for a token. A lost token or an interrupted wait loses no outcome, and no
    lock or condition is ever held by the scheduling thread.
    """

    def __init__(self, run: Callable[[Operation], str], size: int) -> None:
        self._run = run
        self._size = size
        self._tasks: SimpleQueue[Operation | None] = SimpleQueue()
        self._outcomes: dict[str, tuple[str | None, BaseException | None]] = {}
        self._wakeups: SimpleQueue[None] = SimpleQueue()
        self._threads: list[threading.Thread] = []

    def submit(self, op: Operation, busy: int) -> None:
        """Run `op`; `busy` operations (this one included) are running now."""
        if busy > len(self._threads) and len(self._threads) < self._size:
            thread = threading.Thread(
                target=self._work, name=f"figlet-op_{len(self._threads)}", daemon=True
            )
            self._threads.append(thread)
            thread.start()
        self._tasks.put(op)

    @property
    def wakeups(self) -> SimpleQueue[None]:
        """The queue the scheduling thread waits on (one token per news)."""
        return self._wakeups

    def ended(
        self, running: set[str], early: Mapping[str, str] | None = None, seen_early: int = 0
    ) -> list[str]:
        """Wait until one of `running` has ended, or `early` has grown past `seen_early`;
        the running operations that have ended by then."""
        while not (found := [op_id for op_id in running if op_id in self._outcomes]) and (
            early is None or len(early) <= seen_early
        ):
            self._wakeups.get()
        return found

    def outcome(self, op_id: str) -> tuple[str | None, BaseException | None]:
        """The detail or the error of an operation that has ended."""
        return self._outcomes[op_id]

    def close(self) -> None:
        """Stop the threads once their current operation is done."""
        for _ in self._threads:
            self._tasks.put(None)
        for thread in self._threads:
            # a start that Ctrl-C cut short cannot be joined: that thread ends on its own
            with contextlib.suppress(RuntimeError):
                thread.join()

    def _work(self) -> None:
        while (op := self._tasks.get()) is not None:
            outcome: tuple[str | None, BaseException | None]
            try:
                outcome = (self._run(op), None)
            except BaseException as error:  # reported as the operation's failure
                outcome = (None, error)
            self._outcomes[op.id] = outcome
            self._wakeups.put(None)
