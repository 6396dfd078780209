"""The DAG scheduler (`figlet.executor._scheduler.run_dag`) under Ctrl-C at random moments."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

from figlet.executor._scheduler import DagHooks, EarlyDone, run_dag
from figlet.plan import Operation
from figlet.plan.payloads.containers import StartContainer

STRESS = textwrap.dedent(
    """
    import random, signal, time
    from figlet.executor._scheduler import DagHooks, run_dag
    from figlet.plan import Operation
    from figlet.plan.payloads.containers import StartContainer

    def ctrl_c(signum, frame):  # a real signal, delivered as Ctrl-C's would be
        raise KeyboardInterrupt

    def tick():  # a Python call: a signal that has arrived is handled here at the latest
        pass

    signal.signal(signal.SIGALRM, ctrl_c)
    rng = random.Random(20261201)
    ops = [
        Operation(id=f"op{i}", payload=StartContainer("s", f"c{i}"), target=f"c{i}", cause="test",
                  depends_on=tuple(f"op{j}" for j in range(i) if rng.random() < 0.1))
        for i in range(30)
    ]
    def run(op):
        time.sleep(rng.random() / 500)
        return ""
    noop = lambda *args: None
    hooks = DagHooks(started=noop, done=noop, failed=noop, skipped=noop)
    for round_ in range(150):
        result = None
        try:
            signal.setitimer(signal.ITIMER_REAL, 0.0005 + rng.random() / 50)
            try:
                result = run_dag(ops, run, hooks, parallel=rng.choice([1, 4, 16]))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                tick()
        except KeyboardInterrupt:  # raised while an ended operation was being reported
            result = None
        if result is not None:
            seen = [*result.done, *(i for i, _ in result.failed), *(i for i, _ in result.skipped)]
            assert len(seen) == len(set(seen)), round_
    print("ok")
    """
)


def test_ctrl_c_at_any_moment_never_hangs_the_scheduler() -> None:
    """150 runs of a 30-operation DAG, each interrupted at a random moment: every run ends
    (interrupted, or raising KeyboardInterrupt) and reports no operation twice."""
    done = subprocess.run(
        [sys.executable, "-c", STRESS], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_an_ended_operation_is_reported_until_it_leaves_running() -> None:
    """What makes a Ctrl-C between `ended` and its handling harmless: nothing is consumed."""
    from figlet.executor._scheduler import _Workers
    from figlet.plan import Operation
    from figlet.plan.payloads.containers import StartContainer

    workers = _Workers(lambda op: f"ran {op.id}", size=2)
    first, second = (
        Operation(id=i, payload=StartContainer("s", i), target=i, cause="t") for i in "ab"
    )
    workers.submit(first, busy=1)
    workers.submit(second, busy=2)
    running = {"a", "b"}
    seen: set[str] = set()
    while seen != running:
        seen |= set(workers.ended(running))
    assert set(workers.ended(running)) == {"a", "b"}  # again: nothing was taken
    assert workers.outcome("a") == ("ran a", None)
    running.discard("a")
    assert workers.ended(running) == ["b"]
    workers.close()


def _ops(*specs: tuple[str, tuple[str, ...]]) -> list[Operation]:
    return [
        Operation(id=i, payload=StartContainer("s", i), target=i, cause="t", depends_on=d)
        for i, d in specs
    ]


def test_a_running_operation_can_finish_a_pending_one_early() -> None:
    """ "address" depends on "start" but is finished from inside it: "create" runs while
    "start" still does."""
    early = EarlyDone()
    order: list[str] = []
    create_ran = threading.Event()

    def run(op: Operation) -> str:
        order.append(f"begin {op.id}")
        if op.id == "start":
            early.finish("address", "connected")
            assert create_ran.wait(5), "create did not run while start was still running"
        if op.id == "create":
            create_ran.set()
        order.append(f"end {op.id}")
        return ""

    events: list[str] = []
    hooks = DagHooks(
        started=lambda op: events.append(f"started {op.id}"),
        done=lambda op, detail: events.append(f"done {op.id} {detail}".strip()),
        failed=lambda op, error: events.append(f"failed {op.id}"),
        skipped=lambda op, reason: events.append(f"skipped {op.id}"),
    )
    ops = _ops(("start", ()), ("address", ("start",)), ("create", ("address",)))
    result = run_dag(ops, run, hooks, parallel=4, early=early)
    assert sorted(result.done) == ["address", "create", "start"]
    assert order.index("begin create") < order.index("end start")
    assert "done address connected" in events
    assert events.count("started address") == 1  # reported once, never run


def test_an_early_finish_of_a_failed_start_keeps_what_was_done() -> None:
    """The start fails after reporting: what followed the report is done, what follows the
    start itself is skipped."""
    early = EarlyDone()

    def run(op: Operation) -> str:
        if op.id == "start":
            early.finish("address")
            early.finish("address")  # twice, and an unknown id: both ignored
            early.finish("nowhere")
            time.sleep(0.05)
            raise RuntimeError("start failed")
        return ""

    noop = lambda *args: None  # noqa: E731
    hooks = DagHooks(started=noop, done=noop, failed=noop, skipped=noop)
    ops = _ops(
        ("start", ()),
        ("address", ("start",)),
        ("create", ("address",)),
        ("next", ("start", "create")),
    )
    result = run_dag(ops, run, hooks, parallel=4, early=early)
    assert sorted(result.done) == ["address", "create"]
    assert [op_id for op_id, _ in result.failed] == ["start"]
    assert [op_id for op_id, _ in result.skipped] == ["next"]


def test_an_operation_nobody_finishes_early_runs_after_its_dependencies() -> None:
    ran: list[str] = []

    def run(op: Operation) -> str:
        ran.append(op.id)
        return ""

    noop = lambda *args: None  # noqa: E731
    hooks = DagHooks(started=noop, done=noop, failed=noop, skipped=noop)
    ops = _ops(("start", ()), ("address", ("start",)), ("create", ("address",)))
    result = run_dag(ops, run, hooks, parallel=2, early=EarlyDone())
    assert ran == ["start", "address", "create"]
    assert len(result.done) == 3
