"""The lab itself, proven with the docker CLI alone (no figlet): the second node is a ready
worker holding the local images, a replicated service spreads its tasks over both nodes,
draining the worker moves them to the manager, a global service runs once per node."""

from __future__ import annotations

from _lab import IMAGES, NAMESPACE, NODE_LABEL, Cluster, docker
from _tasks import node_ids, per_node, wait_running, wait_until

STACK_PREFIX = "sl"
BUSYBOX = IMAGES[0]


def _service(stack: str, key: str, *extra: str) -> str:
    """`docker service create` a busybox httpd service of `stack`, on the stack's network."""
    name = f"{stack}_{key}"
    labels = ("--label", f"{NAMESPACE}={stack}", "--container-label", f"{NAMESPACE}={stack}")
    network = f"{stack}_default"
    if not docker("network", "ls", "-q", "--filter", f"name={network}"):
        docker("network", "create", "-d", "overlay", "--label", f"{NAMESPACE}={stack}", network)
    docker(
        "service", "create", "--detach", "--name", name, *labels, "--network", network,
        "--stop-grace-period", "1s", *extra,
        BUSYBOX, "httpd", "-f", "-p", "80", "-h", "/",
    )  # fmt: skip
    return name


def _containers(service: str, host: str) -> list[str]:
    """The containers of `service` that the engine at `host` runs."""
    label = f"label=com.docker.swarm.service.name={service}"
    return docker("ps", "-q", "--filter", label, host=host).split()


def _inspect(node: str, template: str) -> str:
    return docker("node", "inspect", "-f", template, node)


def test_the_worker_is_a_ready_node_holding_the_images(swarm_cluster: Cluster) -> None:
    worker = swarm_cluster.worker_id
    assert _inspect(worker, "{{.Spec.Role}} {{.Status.State}}") == "worker ready"
    assert _inspect(worker, f'{{{{index .Spec.Labels "{NODE_LABEL}"}}}}') == swarm_cluster.lab
    own = docker("info", "-f", "{{.Swarm.NodeID}} {{.Swarm.LocalNodeState}}",
                 host=swarm_cluster.worker_host)  # fmt: skip
    assert own == f"{worker} active"
    for image in IMAGES:
        here = docker("image", "inspect", "-f", "{{.Id}}", image)
        there = docker("image", "inspect", "-f", "{{.Id}}", image, host=swarm_cluster.worker_host)
        assert there == here


def test_a_replicated_service_spreads_over_both_nodes(
    swarm_cluster: Cluster, stack_name: str
) -> None:
    service = _service(stack_name, "spread", "--replicas", "4")
    nodes = per_node(wait_running(service, 4))
    assert nodes[swarm_cluster.manager_id] >= 1, nodes
    assert nodes[swarm_cluster.worker_id] >= 1, nodes
    # the worker's own engine runs its share as containers
    assert len(_containers(service, swarm_cluster.worker_host)) == nodes[swarm_cluster.worker_id]


def test_draining_the_worker_moves_its_tasks_to_the_manager(
    swarm_cluster: Cluster, stack_name: str
) -> None:
    service = _service(stack_name, "drain", "--replicas", "4")
    assert per_node(wait_running(service, 4))[swarm_cluster.worker_id] >= 1
    docker("node", "update", "--availability", "drain", swarm_cluster.worker_id)
    try:
        wait_until(
            f"the 4 tasks of {service} on the manager",
            lambda: per_node(wait_running(service, 4))[swarm_cluster.manager_id] == 4,
        )
        wait_until(
            "the drained worker to stop its containers",
            lambda: not _containers(service, swarm_cluster.worker_host),
            timeout=60,
        )
    finally:
        docker("node", "update", "--availability", "active", swarm_cluster.worker_id)


def test_a_global_service_runs_one_task_per_node(swarm_cluster: Cluster, stack_name: str) -> None:
    nodes = node_ids()
    assert set(swarm_cluster.node_ids) <= set(nodes)
    service = _service(stack_name, "everywhere", "--mode", "global")
    found = per_node(wait_running(service, len(nodes)))
    assert dict(found) == {node: 1 for node in nodes}
