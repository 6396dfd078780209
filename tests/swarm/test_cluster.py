"""figlet on a two-node swarm (the lab's worker beside the local manager), driven through
`figlet deploy --wait` / `figlet undeploy`: replicas spread over both nodes, a drained worker's
tasks rescheduled on the manager, a rolling update observed task by task, one task per node in
global mode, placement constraints honoured."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from _lab import NAMESPACE, NODE_LABEL, Cluster, docker
from _tasks import Task, node_ids, per_node, running, tasks, wait_running, wait_until

# the deploy commands (swarm-core's figlet/cli/cmd_deploy.py); skipped on a branch without them
pytest.importorskip("figlet.cli.cmd_deploy", reason="this figlet has no `deploy` command yet")

STACK_PREFIX = "sl"
BUSYBOX = "figlet-local/busybox:latest"
DEPLOY_TIMEOUT = "180"

Figlet = Callable[..., subprocess.CompletedProcess[str]]


def _figlet(directory: Path, stack: str, env: dict[str, str] | None = None) -> Figlet:
    """Run `figlet -f compose.yaml -p STACK ARGS...` in `directory` (this interpreter's figlet);
    a non-zero exit fails the test with figlet's output."""

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "figlet", "-f", "compose.yaml", "-p", stack, *args],
            cwd=directory,
            env={**os.environ, "FIGLET_PULL": "never", **(env or {})},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if check:
            assert done.returncode == 0, f"figlet {' '.join(args)}: {done.stdout}{done.stderr}"
        return done

    return run


def _project(tmp_path: Path, body: str) -> Path:
    (tmp_path / "compose.yaml").write_text(body)
    return tmp_path


def _httpd(extra: str = "") -> str:
    """A busybox httpd service body (indented under its key) with a short stop grace period."""
    return (
        f"    image: {BUSYBOX}\n"
        '    command: ["httpd", "-f", "-p", "80", "-h", "/"]\n'
        "    stop_grace_period: 1s\n" + extra
    )


def _undeploy_leaves_nothing(figlet: Figlet, stack: str) -> None:
    figlet("undeploy", "--wait")
    label = f"label={NAMESPACE}={stack}"
    assert docker("service", "ls", "-q", "--filter", label) == ""
    assert docker("network", "ls", "-q", "--filter", label) == ""


def test_replicas_spread_over_both_nodes(
    swarm_cluster: Cluster, stack_name: str, tmp_path: Path
) -> None:
    body = "services:\n  web:\n" + _httpd("    deploy:\n      replicas: 4\n")
    figlet = _figlet(_project(tmp_path, body), stack_name)
    figlet("deploy", "--wait", "--timeout", DEPLOY_TIMEOUT)
    nodes = per_node(running(f"{stack_name}_web"))
    assert sum(nodes.values()) == 4
    assert nodes[swarm_cluster.manager_id] >= 1, nodes
    assert nodes[swarm_cluster.worker_id] >= 1, nodes
    _undeploy_leaves_nothing(figlet, stack_name)


def test_a_drained_worker_s_tasks_are_rescheduled_on_the_manager(
    swarm_cluster: Cluster, stack_name: str, tmp_path: Path
) -> None:
    body = "services:\n  web:\n" + _httpd("    deploy:\n      replicas: 4\n")
    figlet = _figlet(_project(tmp_path, body), stack_name)
    figlet("deploy", "--wait", "--timeout", DEPLOY_TIMEOUT)
    service = f"{stack_name}_web"
    assert per_node(running(service))[swarm_cluster.worker_id] >= 1
    docker("node", "update", "--availability", "drain", swarm_cluster.worker_id)
    try:
        wait_until(
            f"the 4 tasks of {service} on the manager",
            lambda: per_node(wait_running(service, 4))[swarm_cluster.manager_id] == 4,
        )
        # the rescheduled service is what the file asks: a second deploy changes nothing
        version = docker("service", "inspect", "-f", "{{.Version.Index}}", service)
        figlet("deploy", "--wait", "--timeout", DEPLOY_TIMEOUT)
        assert docker("service", "inspect", "-f", "{{.Version.Index}}", service) == version
        assert per_node(running(service)) == {swarm_cluster.manager_id: 4}
    finally:
        docker("node", "update", "--availability", "active", swarm_cluster.worker_id)
    _undeploy_leaves_nothing(figlet, stack_name)


ROLLING = "services:\n  web:\n" + _httpd(
    "    environment:\n      VERSION: ${VERSION}\n"
    "    deploy:\n      replicas: 4\n"
    "      update_config:\n        parallelism: 1\n        delay: 1s\n"
    "        monitor: 1s\n        order: start-first\n"
)


def test_a_rolling_update_replaces_one_task_at_a_time(
    swarm_cluster: Cluster, stack_name: str, tmp_path: Path
) -> None:
    directory = _project(tmp_path, ROLLING)
    service = f"{stack_name}_web"
    _figlet(directory, stack_name, {"VERSION": "1"})("deploy", "--wait", "--timeout", "180")
    assert {task.env for task in running(service)} == {("VERSION=1",)}

    snapshots: list[list[Task]] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            snapshots.append(tasks(service))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        _figlet(directory, stack_name, {"VERSION": "2"})("deploy", "--wait", "--timeout", "180")
    finally:
        done.set()
        watcher.join(timeout=30)

    final = running(service)
    assert len(final) == 4 and {task.env for task in final} == {("VERSION=2",)}
    assert set(per_node(final)) == set(swarm_cluster.node_ids)
    new_running_counts = []
    for snapshot in snapshots:
        live = [task for task in snapshot if task.desired == "running"]
        new = [task for task in live if task.env == ("VERSION=2",)]
        starting = [task for task in new if task.state != "running"]
        assert len(starting) <= 1, f"parallelism 1, yet {len(starting)} new tasks starting"
        # start-first: an old task stops only once its successor runs
        assert sum(task.state == "running" for task in snapshot) >= 4
        new_running_counts.append(sum(task.state == "running" for task in new))
    seen = sorted(set(new_running_counts))
    assert {1, 2, 3} <= set(seen), f"task by task: running new tasks seen {seen}"
    state = docker("service", "inspect", "-f", "{{.UpdateStatus.State}}", service)
    assert state == "completed"
    _undeploy_leaves_nothing(_figlet(directory, stack_name, {"VERSION": "2"}), stack_name)


def test_global_mode_runs_one_task_per_node(
    swarm_cluster: Cluster, stack_name: str, tmp_path: Path
) -> None:
    body = "services:\n  agent:\n" + _httpd("    deploy:\n      mode: global\n")
    figlet = _figlet(_project(tmp_path, body), stack_name)
    figlet("deploy", "--wait", "--timeout", DEPLOY_TIMEOUT)
    nodes = node_ids()
    assert set(swarm_cluster.node_ids) <= set(nodes)
    assert dict(per_node(running(f"{stack_name}_agent"))) == {node: 1 for node in nodes}
    _undeploy_leaves_nothing(figlet, stack_name)


def test_placement_constraints_are_honoured(
    swarm_cluster: Cluster, stack_name: str, tmp_path: Path
) -> None:
    body = (
        "services:\n"
        "  on-workers:\n"
        + _httpd(
            "    deploy:\n      replicas: 3\n"
            "      placement:\n        constraints: [node.role == worker]\n"
        )
        + "  on-the-lab:\n"
        + _httpd(
            "    deploy:\n      replicas: 2\n"
            f'      placement:\n        constraints: ["node.labels.{NODE_LABEL} == ${{LAB}}"]\n'
        )
        + "  on-managers:\n"
        + _httpd(
            "    deploy:\n      replicas: 2\n"
            "      placement:\n        constraints: [node.role == manager]\n"
        )
    )
    figlet = _figlet(_project(tmp_path, body), stack_name, {"LAB": swarm_cluster.lab})
    figlet("deploy", "--wait", "--timeout", DEPLOY_TIMEOUT)
    worker, manager = swarm_cluster.worker_id, swarm_cluster.manager_id
    assert set(per_node(running(f"{stack_name}_on-workers"))) <= set(node_ids()) - {manager}
    assert dict(per_node(running(f"{stack_name}_on-the-lab"))) == {worker: 2}
    assert dict(per_node(running(f"{stack_name}_on-managers"))) == {manager: 2}
    _undeploy_leaves_nothing(figlet, stack_name)
