"""Shared stacks' ledger (`figlet.testing._shared`): reference counting under a file lock, users
that are gone, the first `up`'s error, the owner's sweep. Pure: files and processes only."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from figlet.testing._reaper import ProcessOwner
from figlet.testing._shared import (
    Entry,
    SharedRun,
    shared_key,
    shared_project_name,
)


@pytest.fixture
def run(tmp_path: Path) -> SharedRun:
    return SharedRun(tmp_path, "0a1b2c3d", ProcessOwner("host", 1, "7"))


def gone_pid() -> int:
    """The pid of a process that has exited (and been waited for)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_first_user_brings_it_up_and_the_last_takes_it_down(run: SharedRun) -> None:
    ledger = run.ledger("k")
    ups: list[str] = []
    downs: list[str] = []
    assert ledger.join("p", lambda: ups.append("up") or "").first
    assert not ledger.join("p", lambda: ups.append("again") or "").first  # a second user
    assert ups == ["up"]
    assert not ledger.leave(lambda: downs.append("down"))
    assert downs == []
    assert ledger.leave(lambda: downs.append("down"))
    assert downs == ["down"]
    assert not ledger.leave(lambda: downs.append("twice"))  # already down
    assert ledger.join("p", lambda: ups.append("fresh") or "").first  # a later user: up again
    assert ups == ["up", "fresh"]


def test_others_wait_for_the_first_up_while_it_holds_the_lock(run: SharedRun) -> None:
    ledger = run.ledger("k")
    order: list[str] = []
    started = threading.Event()

    def slow_up() -> str:
        started.set()
        time.sleep(0.3)
        order.append("up done")
        return ""

    # flock locks belong to the open file: a second open in another thread contends like a
    # second process would
    first = threading.Thread(target=lambda: ledger.join("p", slow_up))
    first.start()
    started.wait(5)
    ledger.join("p", lambda: order.append("second up") or "")
    order.append("joined")
    first.join()
    assert order == ["up done", "joined"]


def test_users_that_are_gone_do_not_keep_the_stack_up(run: SharedRun) -> None:
    ledger = run.ledger("k")
    ledger.join("p", lambda: "")
    with ledger.locked() as entry:
        assert entry is not None
        entry.users.append({"pid": gone_pid(), "started": "1"})  # a SIGKILLed worker
    downs: list[str] = []
    assert ledger.leave(lambda: downs.append("down"))
    assert downs == ["down"]


def test_a_reused_pid_is_not_the_user_it_was() -> None:
    entry = Entry("p", users=[{"pid": os.getpid(), "started": "not-my-start-time"}])
    entry.drop_gone()
    assert entry.users == []


def test_a_failed_up_fails_the_others_without_a_second_try(run: SharedRun) -> None:
    ledger = run.ledger("k")
    first = ledger.join("p", lambda: 'service "web" is unhealthy')
    assert first.first and first.error == 'service "web" is unhealthy'
    tries: list[str] = []
    second = ledger.join("p", lambda: tries.append("up") or "")
    assert not second.first and second.error == first.error and tries == []
    downs: list[str] = []
    assert ledger.leave(lambda: downs.append("down"))  # the first user cleans up what it made
    assert downs == ["down"]


def test_the_owner_sweeps_what_killed_users_left(run: SharedRun) -> None:
    run.ledger("a").join("left-up", lambda: "")
    run.ledger("b").join("taken-down", lambda: "")
    run.ledger("b").leave(lambda: None)
    swept: list[str] = []
    assert run.sweep(swept.append) == ["left-up"]
    assert swept == ["left-up"]
    assert run.sweep(swept.append) == []  # marked down
    run.remove()
    assert not run.directory.exists()


def test_a_run_travels_to_workers_as_plain_values(run: SharedRun) -> None:
    import json

    given = {"workerid": "gw0", "figlet_shared_run": json.loads(json.dumps(run.to_input()))}
    assert SharedRun.from_input(given) == run
    assert SharedRun.from_input({"workerid": "gw0"}) is None


def test_names_are_the_same_within_a_run_and_differ_between_runs(run: SharedRun) -> None:
    files = [Path("/x/compose.yaml")]
    key = shared_key(files, ["web"], {"A": "1"}, None)
    assert key == shared_key(files, ["web"], {"A": "1"}, None)
    assert key != shared_key(files, ["web"], {"A": "2"}, None)
    assert key != shared_key(files, [], {"A": "1"}, None)
    name = shared_project_name("ts2", run, key)
    assert name == f"ts2-shared-0a1b2c3d-{key[:6]}"
    other = SharedRun(run.directory, "ffffffff", run.owner)
    assert shared_project_name("ts2", other, key) != name
    created, again = SharedRun.create(), SharedRun.create()
    try:
        assert created.directory.is_dir() and created.owner.pid == os.getpid()
        assert created.token != again.token and created.directory != again.directory
    finally:
        created.remove()
        again.remove()
