"""figlet.container_spec.hosts: link host entries and /etc/hosts rewriting (pure)."""

from __future__ import annotations

from figlet.container_spec.hosts import MARKER, link_hosts, parse_hosts_label, render_hosts
from figlet.model import ExternalLink, Link, Network, Project, Service, ServiceNetwork


def project_with(*services: Service) -> Project:
    return Project(
        name="demo",
        working_dir="/srv",
        config_files=(),
        services={s.name: s for s in services},
        networks={
            "default": Network("default", "demo_default", {}),
            "back": Network("back", "demo_back", {}),
        },
        volumes={},
        spec={},
    )


def test_links_resolve_alias_to_first_replica_and_each_replica_by_name() -> None:
    web = Service(
        "web",
        {},
        links=(Link("db", "database"), Link("cache", "cache")),
        networks=(ServiceNetwork("back"),),
    )
    project = project_with(web, Service("db", {}), Service("cache", {}, container_name="redis"))
    hosts = link_hosts(
        project,
        web,
        {
            "demo-db-2": {"demo_default": "10.0.0.3", "demo_back": "10.1.0.3"},
            "demo-db-1": {"demo_default": "10.0.0.2", "demo_back": "10.1.0.2"},
            "redis": "10.1.0.9",
            "demo-web-1": "10.1.0.7",
        },
    )
    assert hosts == {
        "database": "10.1.0.2",
        "db-1": "10.1.0.2",
        "demo-db-1": "10.1.0.2",
        "db-2": "10.1.0.3",
        "demo-db-2": "10.1.0.3",
        "cache": "10.1.0.9",
        "cache-1": "10.1.0.9",
        "redis": "10.1.0.9",
    }


def test_targets_without_address_are_left_out() -> None:
    web = Service("web", {}, links=(Link("db", "db"),))
    project = project_with(web, Service("db", {}))
    assert link_hosts(project, web, {"demo-db-1": {}}) == {}


def test_external_links_use_the_container_name() -> None:
    web = Service("web", {}, external_links=(ExternalLink("legacy_pg", "pg"),))
    hosts = link_hosts(project_with(web), web, {"legacy_pg": "172.17.0.5"})
    assert hosts == {"pg": "172.17.0.5", "legacy_pg": "172.17.0.5"}


ENGINE_HOSTS = """127.0.0.1\tlocalhost
::1\tlocalhost ip6-localhost ip6-loopback
10.0.0.2\tdb
10.0.0.2\tdemo-db-1
10.0.0.7\tabc123def
"""


def test_render_replaces_stale_engine_entries_and_keeps_the_rest() -> None:
    new = render_hosts(ENGINE_HOSTS, {"db": "10.0.0.9", "demo-db-1": "10.0.0.9"})
    assert new == (
        "127.0.0.1\tlocalhost\n"
        "::1\tlocalhost ip6-localhost ip6-loopback\n"
        "10.0.0.7\tabc123def\n"
        f"{MARKER}\n"
        "10.0.0.9\tdb\n"
        "10.0.0.9\tdemo-db-1\n"
        "# end figlet links\n"
    )


def test_render_is_idempotent_and_drops_previous_names() -> None:
    once = render_hosts(ENGINE_HOSTS, {"db": "10.0.0.9"}, previous={"demo-db-1": "10.0.0.2"})
    assert "demo-db-1" not in once
    assert render_hosts(once, {"db": "10.0.0.9"}) == once
    assert (
        render_hosts(once, {})
        == "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.0.0.7\tabc123def\n"
    )


def test_hosts_label_round_trip() -> None:
    assert parse_hosts_label("db=10.0.0.2,demo-db-1=10.0.0.2") == {
        "db": "10.0.0.2",
        "demo-db-1": "10.0.0.2",
    }
    assert parse_hosts_label("") == {}
