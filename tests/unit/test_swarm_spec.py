"""The compose → Swarm mapping (figlet/swarm/_spec_*.py through `stack_of`), pure: each family
of keys as the body figlet sends (the same as `docker stack deploy`'s, see
tests/swarm/test_spec_stack_deploy.py for the comparison on a real swarm), the problems that
make a file undeployable and the warnings for what a swarm ignores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from figlet.loader import load_project
from figlet.options import LoadOptions
from figlet.swarm.stack import (
    NAMESPACE,
    SPEC_HASH,
    STACK_IMAGE,
    Stack,
    read_contents,
    spec_hash,
    stack_of,
)

IMAGE = "figlet-local/busybox:latest"
SECOND = 1_000_000_000


def stack_from(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> Stack:
    (tmp_path / "compose.yaml").write_text(text)
    project = load_project(
        LoadOptions(
            files=(str(tmp_path / "compose.yaml"),),
            project_name="demo",
            working_dir=str(tmp_path),
            environ=environ or {},
        )
    )
    return stack_of(project, read_contents(project))


def spec(stack: Stack, key: str) -> dict[str, Any]:
    (found,) = [s for s in stack.services if s.key == key]
    return dict(found.spec)


def one(tmp_path: Path, body: str) -> dict[str, Any]:
    """The spec of service `s` whose keys (besides its image) are `body`."""
    text = f"services:\n  s:\n    image: {IMAGE}\n" + "".join(
        f"    {line}\n" for line in body.strip("\n").splitlines()
    )
    return spec(stack_from(tmp_path, text), "s")


# --- mode and replicas ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deploy", "mode", "name", "replicas"),
    [
        ("{}", {"Replicated": {"Replicas": 1}}, "replicated", 1),
        ("{replicas: 4}", {"Replicated": {"Replicas": 4}}, "replicated", 4),
        ("{replicas: 0}", {"Replicated": {"Replicas": 0}}, "replicated", 0),
        ("{mode: global}", {"Global": {}}, "global", None),
        (
            "{mode: replicated-job, replicas: 2}",
            {"ReplicatedJob": {"MaxConcurrent": 2, "TotalCompletions": 2}},
            "replicated-job",
            2,
        ),
        ("{mode: global-job}", {"GlobalJob": {}}, "global-job", None),
    ],
)
def test_mode_and_replicas(
    tmp_path: Path, deploy: str, mode: dict[str, Any], name: str, replicas: int | None
) -> None:
    stack = stack_from(tmp_path, f"services:\n  s:\n    image: {IMAGE}\n    deploy: {deploy}\n")
    (service,) = stack.services
    assert service.spec["Mode"] == mode
    assert (service.mode, service.replicas) == (name, replicas)


def test_replicas_from_the_env_file_and_interpolation(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("REPLICAS=3\nTAG=latest\n")
    text = (
        "services:\n  s:\n    image: figlet-local/busybox:${TAG}\n"
        "    deploy:\n      replicas: ${REPLICAS}\n"
    )
    found = spec(stack_from(tmp_path, text), "s")
    assert found["Mode"] == {"Replicated": {"Replicas": 3}}
    assert found["TaskTemplate"]["ContainerSpec"]["Image"] == IMAGE


# --- resources, restart, placement, update / rollback ---------------------------------------


def test_resources_limits_and_reservations(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        """
deploy:
  resources:
    limits: {cpus: "0.5", memory: 50M, pids: 100}
    reservations:
      cpus: "0.1"
      memory: 20M
      generic_resources: [{discrete_resource_spec: {kind: ssd, value: 1}}]
""",
    )
    resources = found["TaskTemplate"]["Resources"]
    assert resources["Limits"] == {"NanoCPUs": 500_000_000, "MemoryBytes": 50 * 2**20, "Pids": 100}
    assert resources["Reservations"]["NanoCPUs"] == 100_000_000
    assert resources["Reservations"]["MemoryBytes"] == 20 * 2**20
    assert resources["Reservations"]["GenericResources"] == [
        {"DiscreteResourceSpec": {"Kind": "ssd", "Value": 1}}
    ]


@pytest.mark.parametrize(
    ("restart", "policy"),
    [
        ('"no"', {"Condition": "none"}),
        ("always", {"Condition": "any"}),
        ("unless-stopped", {"Condition": "any"}),
        ("on-failure", {"Condition": "on-failure"}),
        ("on-failure:3", {"Condition": "on-failure", "MaxAttempts": 3}),
    ],
)
def test_restart_becomes_the_restart_policy(
    tmp_path: Path, restart: str, policy: dict[str, Any]
) -> None:
    assert one(tmp_path, f"restart: {restart}")["TaskTemplate"]["RestartPolicy"] == policy


def test_deploy_restart_policy_wins_over_restart(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        """
restart: always
deploy:
  restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}
""",
    )
    assert found["TaskTemplate"]["RestartPolicy"] == {
        "Condition": "on-failure",
        "Delay": 5 * SECOND,
        "MaxAttempts": 3,
        "Window": 120 * SECOND,
    }


def test_no_restart_key_leaves_the_swarm_default(tmp_path: Path) -> None:
    assert "RestartPolicy" not in one(tmp_path, "command: [sleep, '1']")["TaskTemplate"]


def test_placement(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        """
deploy:
  placement:
    constraints: [node.role==manager, node.labels.zone==a]
    preferences: [{spread: node.labels.zone}]
    max_replicas_per_node: 3
""",
    )
    assert found["TaskTemplate"]["Placement"] == {
        "Constraints": ["node.role==manager", "node.labels.zone==a"],
        "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.zone"}}],
        "MaxReplicas": 3,
    }


def test_update_and_rollback_config(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        """
deploy:
  update_config:
    parallelism: 2
    delay: 1s
    order: start-first
    failure_action: rollback
    monitor: 5s
    max_failure_ratio: 0.1
  rollback_config: {parallelism: 0, delay: 2s, failure_action: continue, order: stop-first}
""",
    )
    assert found["UpdateConfig"] == {
        "Parallelism": 2,
        "Delay": SECOND,
        "Order": "start-first",
        "FailureAction": "rollback",
        "Monitor": 5 * SECOND,
        "MaxFailureRatio": 0.1,
    }
    assert found["RollbackConfig"] == {
        "Parallelism": 0,
        "Delay": 2 * SECOND,
        "FailureAction": "continue",
        "Order": "stop-first",
    }
    assert "UpdateConfig" not in one(tmp_path, "deploy: {}")


# --- ports, mounts, healthcheck -------------------------------------------------------


def test_ports_ingress_and_host_mode(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        """
ports:
  - "18000:80"
  - "90"
  - {target: 81, published: 18001, mode: host, protocol: udp}
deploy: {endpoint_mode: vip}
""",
    )
    assert found["EndpointSpec"] == {
        "Mode": "vip",
        "Ports": [
            {"Protocol": "tcp", "PublishMode": "ingress", "PublishedPort": 18000, "TargetPort": 80},
            {"Protocol": "tcp", "PublishMode": "ingress", "TargetPort": 90},
            {"Protocol": "udp", "PublishMode": "host", "PublishedPort": 18001, "TargetPort": 81},
        ],
    }


def test_endpoint_mode_dnsrr(tmp_path: Path) -> None:
    assert one(tmp_path, "deploy: {endpoint_mode: dnsrr}")["EndpointSpec"] == {"Mode": "dnsrr"}


def test_mounts_bind_named_volume_anonymous_and_tmpfs(tmp_path: Path) -> None:
    text = f"""
services:
  s:
    image: {IMAGE}
    volumes:
      - /tmp:/data:ro
      - data:/v
      - /anon
      - {{type: tmpfs, target: /t, tmpfs: {{size: 1000}}}}
volumes:
  data: {{driver: local, labels: {{vl: "1"}}}}
"""
    mounts = spec(stack_from(tmp_path, text), "s")["TaskTemplate"]["ContainerSpec"]["Mounts"]
    assert mounts[0] == {"Type": "bind", "Source": "/tmp", "Target": "/data", "ReadOnly": True}
    assert mounts[1]["Type"] == "volume"
    assert mounts[1]["Source"] == "demo_data"  # the stack's volume, by its deployed name
    assert mounts[1]["VolumeOptions"]["Labels"] == {NAMESPACE: "demo", "vl": "1"}
    assert mounts[1]["VolumeOptions"]["DriverConfig"]["Name"] == "local"
    assert mounts[2] == {"Type": "volume", "Target": "/anon"}
    assert mounts[3] == {"Type": "tmpfs", "Target": "/t", "TmpfsOptions": {"SizeBytes": 1000}}


def test_healthcheck_durations_and_disable(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        "healthcheck: {test: [CMD, 'true'], interval: 10s, timeout: 5s, retries: 3,"
        " start_period: 2s}",
    )
    assert found["TaskTemplate"]["ContainerSpec"]["Healthcheck"] == {
        "Test": ["CMD", "true"],
        "Interval": 10 * SECOND,
        "Timeout": 5 * SECOND,
        "Retries": 3,
        "StartPeriod": 2 * SECOND,
    }
    disabled = one(tmp_path, "healthcheck: {disable: true}")
    assert disabled["TaskTemplate"]["ContainerSpec"]["Healthcheck"] == {"Test": ["NONE"]}


# --- secrets and configs ----------------------------------------------------------------


def test_secret_and_config_references_and_objects(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("sec\n")
    (tmp_path / "c.txt").write_text("conf\n")
    text = f"""
services:
  s:
    image: {IMAGE}
    secrets: [s1, {{source: s1, target: /x, uid: "1", gid: "2", mode: 0400}}, outside]
    configs: [c1]
secrets:
  s1: {{file: ./s.txt, labels: {{sl: "1"}}}}
  outside: {{external: true, name: theirs}}
configs:
  c1: {{file: ./c.txt, name: given-conf}}
"""
    stack = stack_from(tmp_path, text)
    container = spec(stack, "s")["TaskTemplate"]["ContainerSpec"]
    assert container["Secrets"] == [
        {
            "File": {"Name": "s1", "UID": "0", "GID": "0", "Mode": 0o444},
            "SecretID": "",
            "SecretName": "demo_s1",
        },
        {
            "File": {"Name": "/x", "UID": "1", "GID": "2", "Mode": 0o400},
            "SecretID": "",
            "SecretName": "demo_s1",
        },
        {
            "File": {"Name": "outside", "UID": "0", "GID": "0", "Mode": 0o444},
            "SecretID": "",
            "SecretName": "theirs",
        },
    ]
    assert container["Configs"] == [
        {
            "File": {"Name": "c1", "UID": "0", "GID": "0", "Mode": 0o444},
            "ConfigID": "",
            "ConfigName": "given-conf",
        }
    ]
    s1, outside = stack.secrets
    assert s1.spec == {
        "Name": "demo_s1",
        "Labels": {NAMESPACE: "demo", "sl": "1"},
        "Data": "c2VjCg==",  # base64 of "sec\n"
    }
    assert s1.digest == "10d37450" + s1.digest[8:] and len(s1.digest) == 64
    assert (outside.name, outside.external) == ("theirs", True)
    (c1,) = stack.configs
    assert (c1.name, c1.spec["Data"]) == ("given-conf", "Y29uZgo=")


def test_an_environment_secret_is_read_from_the_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TOKEN=abc\n")
    text = (
        f"services:\n  s:\n    image: {IMAGE}\n    secrets: [t]\n"
        "secrets:\n  t: {environment: TOKEN}\n"
    )
    (secret,) = stack_from(tmp_path, text).secrets
    assert secret.spec["Data"] == "YWJj"  # base64 of "abc"


# --- networks, aliases, links -----------------------------------------------------------


def test_networks_aliases_and_links_kept_as_aliases(tmp_path: Path) -> None:
    text = f"""
services:
  web:
    image: {IMAGE}
    links: ["db:cache"]
    networks: {{front: {{aliases: [www]}}, default: {{}}, ext: {{}}}}
  db:
    image: {IMAGE}
networks:
  front: {{attachable: true, driver_opts: {{encrypted: ""}}, labels: {{nl: "1"}}}}
  ext: {{external: true, name: shared}}
"""
    stack = stack_from(tmp_path, text)
    assert spec(stack, "web")["TaskTemplate"]["Networks"] == [
        {"Target": "demo_default", "Aliases": ["web"]},
        {"Target": "demo_front", "Aliases": ["www", "web"]},
        {"Target": "shared", "Aliases": ["web"]},
    ]
    # the link `db:cache` is an alias of db on the network the two share
    assert spec(stack, "db")["TaskTemplate"]["Networks"] == [
        {"Target": "demo_default", "Aliases": ["db", "cache"]}
    ]
    networks = {n.key: n for n in stack.networks}
    assert networks["front"].spec == {
        "Name": "demo_front",
        "Driver": "overlay",
        "Labels": {NAMESPACE: "demo", "nl": "1"},
        "Attachable": True,
        "Options": {"encrypted": ""},
    }
    assert (networks["ext"].name, networks["ext"].external) == ("shared", True)
    assert not stack.warnings


# --- labels -----------------------------------------------------------------------------


def test_labels_compatible_with_docker_stack(tmp_path: Path) -> None:
    found = one(tmp_path, "labels: {cl: '1'}\ndeploy: {labels: {dl: '1'}}")
    assert {k: v for k, v in found["Labels"].items() if k != SPEC_HASH} == {
        "dl": "1",
        NAMESPACE: "demo",
        STACK_IMAGE: IMAGE,
    }
    assert found["Labels"][SPEC_HASH] == spec_hash(found)
    assert found["TaskTemplate"]["ContainerSpec"]["Labels"] == {"cl": "1", NAMESPACE: "demo"}
    assert found["Name"] == "demo_s"


def test_the_spec_hash_changes_with_the_spec_only(tmp_path: Path) -> None:
    first = one(tmp_path, "environment: {A: '1'}")["Labels"][SPEC_HASH]
    assert one(tmp_path, "environment: {A: '1'}")["Labels"][SPEC_HASH] == first
    assert one(tmp_path, "environment: {A: '2'}")["Labels"][SPEC_HASH] != first


# --- problems and warnings --------------------------------------------------------------


def test_build_without_image_is_a_located_problem(tmp_path: Path) -> None:
    stack = stack_from(tmp_path, "services:\n  built:\n    build: .\n")
    (problem,) = stack.problems
    text = problem.render()
    assert "compose.yaml:3:5: services.built.build: `build:` without `image:`" in text
    assert "add `image: REGISTRY/built:TAG` to services.built" in text


def test_build_with_image_is_deployable(tmp_path: Path) -> None:
    stack = stack_from(tmp_path, f"services:\n  built:\n    build: .\n    image: {IMAGE}\n")
    assert not stack.problems


def test_what_a_swarm_ignores_is_warned_about_at_its_key(tmp_path: Path) -> None:
    stack = stack_from(
        tmp_path,
        f"services:\n  s:\n    image: {IMAGE}\n    privileged: true\n    container_name: named\n",
    )
    texts = sorted(w.render() for w in stack.warnings)
    assert len(texts) == 2
    assert "compose.yaml:4:17: services.s.privileged is not applied by a swarm" in texts[0]
    assert "compose.yaml:5:21: services.s.container_name is not applied by a swarm" in texts[1]
    assert not stack.problems
