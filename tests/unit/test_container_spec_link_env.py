"""figlet.container_spec.link_env: Docker's legacy link variables (pure), and their place in
the create body (the service's own environment wins)."""

from __future__ import annotations

from figlet.container_spec import container_request
from figlet.container_spec.link_env import exposed_ports, link_environment
from figlet.model import ExternalLink, Link, Network, Project, Service


def project_with(*services: Service) -> Project:
    return Project(
        name="demo",
        working_dir="/srv",
        config_files=(),
        services={s.name: s for s in services},
        networks={"default": Network("default", "demo_default", {})},
        volumes={},
        spec={},
    )


DB = Service(
    "db",
    {
        "expose": ["5432", "8000-8001/udp"],
        "ports": [{"target": 9000, "published": "9000"}],
        "environment": {"POSTGRES_USER": "me", "PATH": "/bin", "UNSET": None},
    },
)


def test_an_alias_gets_the_port_address_name_and_env_variables() -> None:
    web = Service("web", {}, links=(Link("db", "database"),))
    hosts = {"database": "10.0.0.2", "db-1": "10.0.0.2", "demo-db-1": "10.0.0.2"}
    env = link_environment(project_with(web, DB), web, "demo-web-1", hosts)
    assert env["DATABASE_NAME"] == "/demo-web-1/database"
    assert env["DATABASE_PORT"] == "tcp://10.0.0.2:5432"  # the lowest port
    assert env["DATABASE_PORT_5432_TCP"] == "tcp://10.0.0.2:5432"
    assert env["DATABASE_PORT_5432_TCP_ADDR"] == "10.0.0.2"
    assert env["DATABASE_PORT_5432_TCP_PORT"] == "5432"
    assert env["DATABASE_PORT_5432_TCP_PROTO"] == "tcp"
    assert env["DATABASE_PORT_8001_UDP"] == "udp://10.0.0.2:8001"
    assert env["DATABASE_PORT_9000_TCP_PORT"] == "9000"
    assert env["DATABASE_ENV_POSTGRES_USER"] == "me"
    assert "DATABASE_ENV_PATH" not in env and "DATABASE_ENV_UNSET" not in env
    # Fig's names for each replica: <service>_<n> and the container name
    assert env["DB_1_PORT"] == "tcp://10.0.0.2:5432"
    assert env["DEMO_DB_1_NAME"] == "/demo-web-1/demo-db-1"


def test_each_replica_has_its_own_variables_the_alias_is_the_first() -> None:
    web = Service("web", {}, links=(Link("db", "db"),))
    hosts = {"db": "10.0.0.2", "db-1": "10.0.0.2", "db-2": "10.0.0.3", "demo-db-2": "10.0.0.3"}
    env = link_environment(project_with(web, DB), web, "w", hosts)
    assert env["DB_PORT_5432_TCP_ADDR"] == "10.0.0.2"
    assert env["DB_2_PORT_5432_TCP_ADDR"] == "10.0.0.3"
    assert env["DEMO_DB_2_PORT_5432_TCP_ADDR"] == "10.0.0.3"
    assert "DEMO_DB_1_NAME" not in env  # no hosts entry, no variables


def test_targets_without_an_address_and_external_links() -> None:
    web = Service(
        "web", {}, links=(Link("db", "db"),), external_links=(ExternalLink("legacy-pg", "pg"),)
    )
    env = link_environment(project_with(web, DB), web, "w", {"pg": "10.9.0.1"})
    assert env == {"PG_NAME": "/w/pg"}


def test_exposed_ports_sorted_by_number() -> None:
    assert exposed_ports(DB.spec) == [(5432, "tcp"), (8000, "udp"), (8001, "udp"), (9000, "tcp")]


def test_the_create_body_has_the_variables_the_services_own_win() -> None:
    web = Service(
        "web",
        {"environment": {"DB_PORT": "mine"}},
        links=(Link("db", "db"),),
    )
    request = container_request(
        project_with(web, DB),
        web,
        number=1,
        name="demo-web-1",
        config_hash="h",
        link_hosts={"db": "10.0.0.2"},
    )
    env = request.body["Env"]
    assert "DB_PORT_5432_TCP_ADDR=10.0.0.2" in env
    assert "DB_NAME=/demo-web-1/db" in env
    assert [item for item in env if item.startswith("DB_PORT=")] == ["DB_PORT=mine"]
    assert "db:10.0.0.2" in request.body["HostConfig"]["ExtraHosts"]
