"""figlet's stack against `docker stack deploy`'s: the same file deployed by both, the specs
the swarm holds agree field by field (where both apply: the keys stack deploy refuses or drops
are left out of these files and tested on their own)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from _spec_compare import (
    deploy_figlet,
    deploy_reference,
    differences,
    inspected,
    load,
    normalized,
    remove_objects,
    remove_services,
)
from conftest import docker

from figlet.api import undeploy
from figlet.engine.docker_engine import DockerEngine
from figlet.errors import FigletError

STACK_PREFIX = "ss"

FULL = """
version: "3.9"
services:
  web:
    image: figlet-local/busybox:latest
    entrypoint: ["/bin/sh", "-c"]
    command: ["sleep 1000"]
    environment:
      B: "2"
      A: "1"
      EMPTY:
    labels: {x: y}
    user: "1000:1000"
    working_dir: /tmp
    hostname: web-host
    stop_grace_period: 1m30s
    stop_signal: SIGINT
    healthcheck:
      test: ["CMD", "true"]
      interval: 10s
      timeout: 5s
      retries: 3
      start_period: 2s
    tty: true
    stdin_open: true
    init: true
    read_only: true
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    sysctls: {net.core.somaxconn: 1024}
    ulimits:
      nproc: 65535
      nofile: {soft: 100, hard: 200}
    dns: 10.213.0.1
    dns_search: [example.com]
    extra_hosts: ["alpha:10.1.2.3"]
    isolation: default
    ports:
      - "{port}:80"
      - {target: 81, published: {port2}, mode: host, protocol: udp}
    volumes:
      - /tmp:/data:ro
      - data:/v
      - type: tmpfs
        target: /t
        tmpfs: {size: 1000}
    secrets:
      - s1
      - {source: s2, target: /x, uid: "1", gid: "2", mode: 0400}
    configs: [c1, {source: c1, target: /etc/c1.conf, mode: 0440}]
    networks:
      front: {aliases: [www]}
      back:
    logging: {driver: json-file, options: {max-size: 1m}}
    deploy:
      labels: {dl: "1"}
      replicas: 2
      endpoint_mode: vip
      resources:
        limits: {cpus: "0.5", memory: 50M, pids: 100}
        reservations: {cpus: "0.1", memory: 20M}
      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}
      update_config:
        parallelism: 2
        delay: 1s
        order: start-first
        failure_action: rollback
        monitor: 5s
        max_failure_ratio: 0.1
      rollback_config: {parallelism: 0, delay: 2s, failure_action: continue, order: stop-first}
      placement:
        constraints: [node.role==manager]
        preferences: [{spread: node.labels.zone}]
        max_replicas_per_node: 3
  db:
    image: figlet-local/busybox:latest
    command: ["sleep", "1000"]
    restart: always
    networks: [back]
    deploy:
      mode: global
      endpoint_mode: dnsrr
volumes:
  data:
    driver: local
    driver_opts: {type: tmpfs, device: tmpfs}
    labels: {vl: "1"}
networks:
  front:
    driver_opts: {encrypted: ""}
    attachable: true
    labels: {nl: "1"}
    ipam:
      config: [{subnet: 10.{octet}.0.0/24}]
  back:
    internal: true
secrets:
  s1: {file: ./s1.txt}
  s2: {file: ./s2.txt, labels: {sl: "1"}}
configs:
  c1: {file: ./c1.txt}
"""


def _write(tmp_path: Path, text: str) -> Path:
    for name in ("s1.txt", "s2.txt", "c1.txt"):
        (tmp_path / name).write_text(f"{name} contents\n")
    path = tmp_path / "compose.yaml"
    path.write_text(text)
    return path


def _compare(path: Path, new_stack_name: Callable[[], str], services: list[str]) -> None:
    reference, ours = new_stack_name(), new_stack_name()
    deploy_reference(path, reference)
    theirs = {key: normalized(inspected(f"{reference}_{key}"), reference) for key in services}
    remove_services(reference)  # frees the published ports for figlet's stack
    remove_objects(reference)  # and the names of its secrets and configs
    deploy_figlet(load(path, ours))
    found = []
    for key in services:
        mine = normalized(inspected(f"{ours}_{key}"), ours)
        found += [f"{key}{line}" for line in differences(theirs[key], mine)]
    assert not found, "\n".join(found)


def test_full_file_agrees_with_stack_deploy(
    tmp_path: Path, new_stack_name: Callable[[], str]
) -> None:
    text = FULL.replace("{port}", "18210").replace("{port2}", "18211").replace("{octet}", "231")
    _compare(_write(tmp_path, text), new_stack_name, ["web", "db"])


@pytest.mark.parametrize(
    "deploy",
    [
        "{mode: replicated-job, replicas: 2, restart_policy: {condition: none}}",
        "{mode: global-job, restart_policy: {condition: on-failure}}",
        "{replicas: 0}",
    ],
)
def test_modes_agree_with_stack_deploy(
    tmp_path: Path, new_stack_name: Callable[[], str], deploy: str
) -> None:
    text = f"""
version: "3.9"
services:
  job:
    image: figlet-local/busybox:latest
    command: ["true"]
    deploy: {deploy}
"""
    _compare(_write(tmp_path, text), new_stack_name, ["job"])


EDGES = """
version: "3.9"
services:
  one:
    image: figlet-local/busybox:latest
    command: sleep 1000
    init: true
    healthcheck: {test: "true", interval: 1m}
    restart: on-failure:3
    ports: ["80", {target: 90, published: 18212}]
    volumes:
      - /data
      - {type: volume, source: named, target: /n, volume: {nocopy: true}}
      - {type: bind, source: /tmp, target: /b, bind: {propagation: rslave}}
    secrets: [outside, renamed]
    networks: [ext, default]
    deploy:
      resources:
        reservations:
          generic_resources: [{discrete_resource_spec: {kind: ssd, value: 1}}]
  two:
    image: figlet-local/busybox:latest
    healthcheck: {disable: true}
    restart: unless-stopped
    volumes: [outside-volume:/o]
  three:
    image: figlet-local/busybox:latest
    restart: on-failure
volumes:
  named: {name: {ns}-given-volume}
  outside-volume: {external: true, name: {ns}-ext-volume}
networks:
  ext: {external: true, name: {ns}-ext}
secrets:
  outside: {external: true, name: {ns}-ext-secret}
  renamed: {file: ./s1.txt, name: {ns}-given-secret}
"""


def test_edges_agree_with_stack_deploy(tmp_path: Path, new_stack_name: Callable[[], str]) -> None:
    outside = new_stack_name()  # the external objects, removed with this namespace
    label = f"com.docker.stack.namespace={outside}"
    docker("network", "create", "-d", "overlay", "--label", label, f"{outside}-ext")
    secret = tmp_path / "outside.txt"
    secret.write_text("outside\n")
    docker("secret", "create", "--label", label, f"{outside}-ext-secret", str(secret))
    text = EDGES.replace("{ns}", outside)
    _compare(_write(tmp_path, text), new_stack_name, ["one", "two", "three"])


NAMED = """
version: "3.9"
services:
  app:
    image: figlet-local/busybox:latest
    command: ["sleep", "1000"]
    {refs}
{objects}
"""


def test_a_named_object_of_another_stack_is_used_when_the_same_never_taken_over(
    tmp_path: Path, new_stack_name: Callable[[], str]
) -> None:
    """`docker stack deploy` takes a secret or config of the same `name:` over (relabels it
    into its own stack, whose `stack rm` then deletes it), or fails with "only updates to
    Labels are allowed". figlet uses one it knows to hold the same contents (a config's data
    is shown) as it is, and stops on one it cannot check, before it changes anything."""
    reference, ours = new_stack_name(), new_stack_name()
    config = NAMED.format(
        refs="configs: [c1]", objects=f"configs:\n  c1: {{file: ./c1.txt, name: {reference}-c}}"
    )
    path = _write(tmp_path, config)
    deploy_reference(path, reference)
    before = docker("config", "inspect", f"{reference}-c", "--format", "{{json .Spec.Labels}}")
    deploy_figlet(load(path, ours))
    ref = inspected(f"{ours}_app")["TaskTemplate"]["ContainerSpec"]["Configs"][0]
    assert ref["ConfigName"] == f"{reference}-c"
    assert ref["ConfigID"] == docker("config", "inspect", f"{reference}-c", "-f", "{{.ID}}").strip()
    after = docker("config", "inspect", f"{reference}-c", "--format", "{{json .Spec.Labels}}")
    assert after == before  # still the reference stack's
    undeploy(ours, DockerEngine.from_env())
    assert docker("config", "ls", "-q", "--filter", f"name={reference}-c").strip()

    secret = NAMED.format(
        refs="secrets: [s1]", objects=f"secrets:\n  s1: {{file: ./s1.txt, name: {reference}-s}}"
    )
    path.write_text(secret)
    deploy_reference(path, reference)
    with pytest.raises(FigletError) as raised:
        deploy_figlet(load(path, ours))
    text = raised.value.render()
    assert f'secret "{reference}-s" (s1) already exists, made by stack {reference}' in text
    assert "external: true" in text
    assert not docker("service", "ls", "-q", "--filter", f"name={ours}_").strip()
