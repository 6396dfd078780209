"""container_spec: canonical service -> Engine API create bodies (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from figlet import labels as L
from figlet.container_spec import container_request, network_request, volume_request
from figlet.errors import FigletError
from figlet.model import Dependency, Network, Project, Service, ServiceNetwork, Volume


def make_project(*services: Service, **spec: Any) -> Project:
    networks = {
        "default": Network("default", "demo_default", {"name": "demo_default"}),
        "back": Network("back", "demo_back", {"name": "demo_back", "labels": {"tier": "back"}}),
    }
    volumes = {"data": Volume("data", "demo_data", {"name": "demo_data"})}
    return Project(
        name="demo",
        working_dir="/srv/demo",
        config_files=("/srv/demo/compose.yaml", "/srv/demo/compose.override.yaml"),
        services={s.name: s for s in services},
        networks=networks,
        volumes=volumes,
        spec={"name": "demo", **spec},
    )


def service(name: str = "web", **spec: Any) -> Service:
    fields: dict[str, Any] = {}
    networks = spec.pop("_networks", (ServiceNetwork("default"),))
    for key in ("network_mode", "ipc", "pid", "container_name"):
        if key in spec:
            fields[key] = spec[key]
    if "volumes_from" in spec:
        fields["volumes_from"] = tuple(spec["volumes_from"])
    fields.update(spec.pop("_fields", {}))
    return Service(
        name=name,
        spec={"image": "figlet-local/busybox:latest", **spec},
        image=spec.get("image", "figlet-local/busybox:latest"),
        networks=() if "network_mode" in spec else tuple(networks),
        **fields,
    )


def body(svc: Service, *others: Service, **kwargs: Any) -> Mapping[str, Any]:
    project = make_project(svc, *others)
    request = container_request(
        project,
        svc,
        number=kwargs.pop("number", 1),
        name=kwargs.pop("name", f"demo-{svc.name}-1"),
        config_hash="abc123",
        config_label=kwargs.pop("config_label", ""),
        link_hosts=kwargs.pop("link_hosts", {}),
        **kwargs,
    )
    return request.body


def test_compose_labels_and_service_labels() -> None:
    svc = service(
        labels={"tier": "front"},
        _fields={
            "depends_on": (Dependency("db", "service_healthy"), Dependency("cache", restart=True))
        },
    )
    labels = body(svc, number=2, name="demo-web-2", config_label="{}")["Labels"]
    assert labels[L.PROJECT] == "demo"
    assert labels[L.SERVICE] == "web"
    assert labels[L.CONTAINER_NUMBER] == "2"
    assert labels[L.CONFIG_HASH] == "abc123"
    assert labels[L.ONEOFF] == "False"
    assert labels[L.WORKING_DIR] == "/srv/demo"
    assert labels[L.CONFIG_FILES] == "/srv/demo/compose.yaml,/srv/demo/compose.override.yaml"
    assert labels[L.DEPENDS_ON] == "cache:service_started:true,db:service_healthy:false"
    assert labels[L.VERSION] == L.COMPOSE_VERSION
    assert labels["tier"] == "front"
    assert "{}" in labels.values()


def test_config_label_mapping_is_merged() -> None:
    labels = body(service(), config_label={"io.example.cfg": "x"})["Labels"]
    assert labels["io.example.cfg"] == "x"


def test_command_entrypoint_env_and_simple_fields() -> None:
    svc = service(
        command=["sleep", "60"],
        entrypoint="/bin/sh -c",
        environment={"A": "1", "EMPTY": "", "UNSET": None},
        hostname="h",
        domainname="example.org",
        user="1000:1000",
        working_dir="/app",
        tty=True,
        stdin_open=True,
        stop_signal="SIGINT",
        stop_grace_period="1m30s",
    )
    b = body(svc)
    assert b["Image"] == "figlet-local/busybox:latest"
    assert b["Cmd"] == ["sleep", "60"]
    assert b["Entrypoint"] == ["/bin/sh", "-c"]
    assert b["Env"] == ["A=1", "EMPTY=", "UNSET"]
    assert (b["Hostname"], b["Domainname"], b["User"], b["WorkingDir"]) == (
        "h",
        "example.org",
        "1000:1000",
        "/app",
    )
    assert b["Tty"] is True and b["OpenStdin"] is True
    assert b["StopSignal"] == "SIGINT"
    assert b["StopTimeout"] == 90


def test_null_command_is_left_to_the_image() -> None:
    b = body(service(command=None, entrypoint=None))
    assert "Cmd" not in b and "Entrypoint" not in b


def test_ports_and_expose() -> None:
    svc = service(
        ports=[
            {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"},
            {"target": 53, "published": "5353", "protocol": "udp", "host_ip": "127.0.0.1"},
            {"target": 9000},
        ],
        expose=["3000-3001", "7000/udp"],
    )
    b = body(svc)
    assert b["HostConfig"]["PortBindings"] == {
        "80/tcp": [{"HostIp": "", "HostPort": "8080"}],
        "53/udp": [{"HostIp": "127.0.0.1", "HostPort": "5353"}],
        "9000/tcp": [{"HostIp": "", "HostPort": ""}],
    }
    assert list(b["ExposedPorts"]) == [
        "80/tcp",
        "53/udp",
        "9000/tcp",
        "3000/tcp",
        "3001/tcp",
        "7000/udp",
    ]


def test_healthcheck_durations_in_nanoseconds() -> None:
    svc = service(
        healthcheck={
            "test": ["CMD-SHELL", "true"],
            "interval": "1m0s",
            "timeout": "1.5s",
            "start_period": "500ms",
            "retries": 3,
        }
    )
    assert body(svc)["Healthcheck"] == {
        "Test": ["CMD-SHELL", "true"],
        "Interval": 60_000_000_000,
        "Timeout": 1_500_000_000,
        "StartPeriod": 500_000_000,
        "Retries": 3,
    }
    assert body(service(healthcheck={"disable": True}))["Healthcheck"] == {"Test": ["NONE"]}


def test_bad_duration_is_a_located_error() -> None:
    with pytest.raises(FigletError, match=r"services.web.healthcheck.interval"):
        body(service(healthcheck={"test": ["CMD", "true"], "interval": "soon"}))


def test_mounts_bind_volume_tmpfs() -> None:
    svc = service(
        volumes=[
            {
                "type": "bind",
                "source": "/host/a",
                "target": "/a",
                "bind": {"create_host_path": True},
            },
            {"type": "bind", "source": "/host/b", "target": "/b", "read_only": True},
            {"type": "volume", "source": "data", "target": "/data", "volume": {"nocopy": True}},
            {"type": "volume", "target": "/anon"},
            {"type": "tmpfs", "target": "/scratch", "tmpfs": {"size": "1m"}},
        ],
        tmpfs=["/run", "/tmp:size=64m"],
    )
    host = body(svc)["HostConfig"]
    assert host["Binds"] == ["/host/a:/a:rw"]
    assert host["Mounts"] == [
        {"Type": "bind", "Source": "/host/b", "Target": "/b", "ReadOnly": True},
        {
            "Type": "volume",
            "Source": "demo_data",
            "Target": "/data",
            "ReadOnly": False,
            "VolumeOptions": {"NoCopy": True},
        },
        {"Type": "volume", "Source": "", "Target": "/anon", "ReadOnly": False},
        {"Type": "tmpfs", "Target": "/scratch", "TmpfsOptions": {"SizeBytes": 1 << 20}},
    ]
    assert host["Tmpfs"] == {"/run": "", "/tmp": "size=64m"}


def test_file_secrets_are_read_only_binds() -> None:
    svc = service(secrets=[{"source": "pw", "target": "/run/secrets/pw"}, {"source": "pw"}])
    project = make_project(svc, secrets={"pw": {"name": "demo_pw", "file": "/srv/pw.txt"}})
    request = container_request(
        project, svc, number=1, name="demo-web-1", config_hash="h", config_label="", link_hosts={}
    )
    mounts = request.body["HostConfig"]["Mounts"]
    assert [m["Target"] for m in mounts] == ["/run/secrets/pw", "/run/secrets/pw"]
    assert all(m["ReadOnly"] and m["Source"] == "/srv/pw.txt" for m in mounts)


def test_security_resources_and_limits() -> None:
    svc = service(
        cap_add=["NET_ADMIN"],
        cap_drop=["ALL"],
        privileged=True,
        read_only=True,
        security_opt=["no-new-privileges:true"],
        sysctls={"net.core.somaxconn": 1024},
        ulimits={"nproc": 65535, "nofile": {"soft": 20000, "hard": 40000}},
        init=True,
        restart="on-failure:3",
        logging={"driver": "json-file", "options": {"max-size": "1m"}},
        mem_limit="512m",
        shm_size="67108864",
        cpus=0.5,
        cpu_shares=512,
        pids_limit=100,
        devices=[{"source": "/dev/null", "target": "/dev/nothing", "permissions": "r"}],
        dns=["10.0.0.1"],
        dns_search=["example.org"],
        dns_opt=["use-vc"],
        group_add=["audio"],
        extra_hosts=["alpha=10.1.2.3", "zulu=ff02::1"],
        ipc="shareable",
    )
    host = body(svc)["HostConfig"]
    assert host["CapAdd"] == ["NET_ADMIN"] and host["CapDrop"] == ["ALL"]
    assert host["Privileged"] is True and host["ReadonlyRootfs"] is True
    assert host["SecurityOpt"] == ["no-new-privileges:true"]
    assert host["Sysctls"] == {"net.core.somaxconn": "1024"}
    assert host["Ulimits"] == [
        {"Name": "nproc", "Soft": 65535, "Hard": 65535},
        {"Name": "nofile", "Soft": 20000, "Hard": 40000},
    ]
    assert host["Init"] is True
    assert host["RestartPolicy"] == {"Name": "on-failure", "MaximumRetryCount": 3}
    assert host["LogConfig"] == {"Type": "json-file", "Config": {"max-size": "1m"}}
    assert host["Memory"] == 512 << 20
    assert host["ShmSize"] == 64 << 20
    assert host["NanoCpus"] == 500_000_000
    assert host["CpuShares"] == 512 and host["PidsLimit"] == 100
    assert host["Devices"] == [
        {"PathOnHost": "/dev/null", "PathInContainer": "/dev/nothing", "CgroupPermissions": "r"}
    ]
    assert (host["Dns"], host["DnsSearch"], host["DnsOptions"]) == (
        ["10.0.0.1"],
        ["example.org"],
        ["use-vc"],
    )
    assert host["GroupAdd"] == ["audio"]
    assert host["ExtraHosts"] == ["alpha:10.1.2.3", "zulu:ff02::1"]
    assert host["IpcMode"] == "shareable"


def test_deploy_resources_and_restart_policy_win() -> None:
    svc = service(
        mem_limit="1g",
        restart="always",
        deploy={
            "resources": {
                "limits": {"cpus": 0.05, "memory": "52428800", "pids": 10},
                "reservations": {"memory": "20971520"},
            },
            "restart_policy": {"condition": "on-failure", "max_attempts": 3},
        },
    )
    host = body(svc)["HostConfig"]
    assert host["NanoCpus"] == 50_000_000
    assert host["Memory"] == 52428800
    assert host["MemoryReservation"] == 20971520
    assert host["PidsLimit"] == 10
    assert host["RestartPolicy"] == {"Name": "on-failure", "MaximumRetryCount": 3}


def test_networks_first_at_create_others_connected_after() -> None:
    svc = service(
        _networks=(
            ServiceNetwork("default"),
            ServiceNetwork("back", aliases=("api",), ipv4_address="10.9.0.5", priority=10),
        )
    )
    project = make_project(svc)
    request = container_request(
        project, svc, number=1, name="demo-web-1", config_hash="h", config_label="", link_hosts={}
    )
    assert request.body["HostConfig"]["NetworkMode"] == "demo_back"
    assert request.body["NetworkingConfig"] == {
        "EndpointsConfig": {
            "demo_back": {
                "Aliases": ["web", "api", "demo-web-1"],
                "IPAMConfig": {"IPv4Address": "10.9.0.5"},
            }
        }
    }
    assert dict(request.extra_networks) == {"demo_default": {"Aliases": ["web", "demo-web-1"]}}


def test_network_mode_service_and_volumes_from_name_containers() -> None:
    db = service("db")
    svc = service(
        network_mode="service:db",
        pid="service:db",
        volumes_from=["db:ro", "container:other"],
    )
    b = body(svc, db)
    assert b["HostConfig"]["NetworkMode"] == "container:demo-db-1"
    assert b["HostConfig"]["PidMode"] == "container:demo-db-1"
    assert b["HostConfig"]["VolumesFrom"] == ["demo-db-1:ro", "other"]
    assert "NetworkingConfig" not in b
    given = body(svc, db, service_containers={"db": "0123abcd"})
    assert given["HostConfig"]["NetworkMode"] == "container:0123abcd"


def test_link_hosts_become_extra_hosts_and_a_label() -> None:
    b = body(service(), link_hosts={"db": "10.0.0.2", "demo-db-1": "10.0.0.2"})
    assert b["HostConfig"]["ExtraHosts"] == ["db:10.0.0.2", "demo-db-1:10.0.0.2"]
    assert b["Labels"][L.HOSTS] == "db=10.0.0.2,demo-db-1=10.0.0.2"


def test_unsupported_volume_type_is_an_error() -> None:
    with pytest.raises(FigletError, match="npipe"):
        body(service(volumes=[{"type": "npipe", "source": "x", "target": "y"}]))


def test_network_and_volume_requests_are_labelled() -> None:
    project = make_project(service())
    net = project.networks["back"]
    request = network_request(
        project,
        Network(
            "back",
            "demo_back",
            {
                "name": "demo_back",
                "labels": {"tier": "back"},
                "internal": True,
                "ipam": {"config": [{"subnet": "10.9.0.0/24", "gateway": "10.9.0.1"}]},
            },
        ),
    )
    assert request.name == net.name
    assert request.body["Labels"] == {
        "tier": "back",
        L.PROJECT: "demo",
        L.NETWORK: "back",
        L.VERSION: L.COMPOSE_VERSION,
    }
    assert request.body["Driver"] == "bridge" and request.body["Internal"] is True
    assert request.body["IPAM"] == {"Config": [{"Subnet": "10.9.0.0/24", "Gateway": "10.9.0.1"}]}
    volume = volume_request(project, project.volumes["data"])
    assert volume.body == {
        "Name": "demo_data",
        "Driver": "local",
        "Labels": {L.PROJECT: "demo", L.VOLUME: "data", L.VERSION: L.COMPOSE_VERSION},
    }


def test_gpus_and_blkio() -> None:
    svc = service(
        gpus=[{"count": -1}, {"driver": "nvidia", "device_ids": ["0"], "capabilities": ["gpu"]}],
        blkio_config={
            "weight": 300,
            "device_read_bps": [{"path": "/dev/sda", "rate": "1mb"}],
        },
    )
    host = body(svc)["HostConfig"]
    assert host["DeviceRequests"] == [
        {"Driver": "", "Count": -1, "DeviceIDs": [], "Capabilities": [["gpu"]], "Options": {}},
        {
            "Driver": "nvidia",
            "Count": 0,
            "DeviceIDs": ["0"],
            "Capabilities": [["gpu"]],
            "Options": {},
        },
    ]
    assert host["BlkioWeight"] == 300
    assert host["BlkioDeviceReadBps"] == [{"Path": "/dev/sda", "Rate": 1 << 20}]


def test_content_and_environment_objects_are_copied_files() -> None:
    svc = service(
        configs=[{"source": "site", "target": "/etc/site.conf", "mode": 0o440}, {"source": "motd"}],
        secrets=[{"source": "token", "uid": "100"}],
    )
    project = Project(
        name="demo",
        working_dir="/srv",
        config_files=(),
        services={"web": svc},
        networks=make_project().networks,
        volumes={},
        spec={
            "configs": {"site": {"content": "listen 80\n"}, "motd": {"content": "hi"}},
            "secrets": {"token": {"environment": "TOKEN"}},
        },
        environment={"TOKEN": "s3cret"},
    )
    request = container_request(
        project, svc, number=1, name="demo-web-1", config_hash="h", config_label="", link_hosts={}
    )
    assert [(f.path, f.content, f.mode, f.uid) for f in request.files] == [
        ("/run/secrets/token", b"s3cret", 0o444, 100),
        ("/etc/site.conf", b"listen 80\n", 0o440, 0),
        ("/motd", b"hi", 0o444, 0),
    ]
    assert "Mounts" not in request.body["HostConfig"]


def test_list_labels_and_mapping_extra_hosts_are_accepted() -> None:
    b = body(service(labels=["a=1", "b="], extra_hosts={"db": ["10.0.0.2", "::1"], "x": "1.2.3.4"}))
    assert (b["Labels"]["a"], b["Labels"]["b"]) == ("1", "")
    assert b["HostConfig"]["ExtraHosts"] == ["db:10.0.0.2", "db:::1", "x:1.2.3.4"]


def test_anonymous_volumes_of_the_old_container_are_kept() -> None:
    svc = service(
        volumes=[
            {"type": "volume", "target": "/anon"},
            {"type": "volume", "source": "data", "target": "/data"},
        ]
    )
    old = {"/anon": "a" * 64, "/image-volume": "b" * 64, "/data": "c" * 64}
    mounts = body(svc, anonymous_volumes=old)["HostConfig"]["Mounts"]
    assert [(m["Source"], m["Target"]) for m in mounts] == [
        ("a" * 64, "/anon"),
        ("demo_data", "/data"),
        ("b" * 64, "/image-volume"),
    ]


def test_lone_strings_and_list_sysctls_are_normalised() -> None:
    host = body(service(dns="10.0.0.1", sysctls=["net.core.somaxconn=1024"]))["HostConfig"]
    assert host["Dns"] == ["10.0.0.1"]
    assert host["Sysctls"] == {"net.core.somaxconn": "1024"}


def test_mem_swappiness_reaches_the_engine_as_an_integer(tmp_path: Any) -> None:
    from figlet.loader import load_project
    from figlet.options import LoadOptions

    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        "  int:\n    image: figlet-local/busybox:latest\n    mem_swappiness: 60\n"
        "  text:\n    image: figlet-local/busybox:latest\n    mem_swappiness: '0'\n"
        "  unset:\n    image: figlet-local/busybox:latest\n    mem_swappiness: -1\n"
    )
    loaded = load_project(
        LoadOptions(files=(str(tmp_path / "compose.yaml"),), environ={"FIGLET_NO_CACHE": "1"})
    )
    assert loaded.services["int"].spec["mem_swappiness"] == "60"  # as Compose's config prints it
    found = {
        name: container_request(
            loaded, svc, number=1, name=f"x-{name}-1", config_hash="", link_hosts={}
        ).body["HostConfig"]["MemorySwappiness"]
        for name, svc in loaded.services.items()
    }
    assert found == {"int": 60, "text": 0, "unset": -1}
    assert all(type(value) is int for value in found.values())


def test_an_unreadable_mem_swappiness_is_a_located_error() -> None:
    with pytest.raises(FigletError) as bad:
        body(service(mem_swappiness="lots"))
    assert bad.value.problems[0].path == "services.web.mem_swappiness"
