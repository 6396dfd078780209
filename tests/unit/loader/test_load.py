"""load_project end to end on small projects: discovery, names, typed model, canonical spec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from figlet.loader import thaw
from figlet.model import Dependency, Link, ServiceNetwork


def test_discovery_prefers_compose_yaml_and_merges_its_override(write: Any, load: Any) -> None:
    write("compose.yaml", "services:\n  web:\n    image: a\n")
    write("docker-compose.yml", "services:\n  other:\n    image: b\n")
    write("compose.override.yaml", "services:\n  web:\n    environment: [A=1]\n")
    project = load()
    assert list(project.services) == ["web"]
    assert project.services["web"].spec["environment"] == {"A": "1"}
    assert [Path(f).name for f in project.config_files] == ["compose.yaml", "compose.override.yaml"]
    assert any("multiple config files" in w.message for w in project.warnings)


def test_discovery_searches_parent_directories(write: Any, load: Any, tmp_path: Path) -> None:
    write("compose.yaml", "services:\n  web:\n    image: a\n")
    (tmp_path / "proj" / "sub" / "deeper").mkdir(parents=True)
    project = load(working_dir=tmp_path / "proj" / "sub" / "deeper")
    assert project.name == "proj"
    assert project.working_dir == str(tmp_path / "proj")


def test_compose_file_variable_and_explicit_files(write: Any, load: Any) -> None:
    write("a.yml", "services:\n  a:\n    image: a\n")
    write("b.yml", "services:\n  b:\n    image: b\n")
    assert list(load({"COMPOSE_FILE": "a.yml:b.yml"}).services) == ["a", "b"]
    assert list(load(files=("b.yml",)).services) == ["b"]


def test_project_name_sources(write: Any, load: Any, fail: Any) -> None:
    write("compose.yaml", "name: from-file\nservices:\n  web:\n    image: a\n")
    assert load().name == "from-file"
    assert load({"COMPOSE_PROJECT_NAME": "from-env"}).name == "from-env"
    assert load(project_name="from-flag").name == "from-flag"
    error = fail(project_name="Bad Name!")
    assert "not a valid project name" in error.render()


def test_directory_names_are_normalized(tmp_path: Path, load: Any) -> None:
    folder = tmp_path / "My.App Dir"
    folder.mkdir()
    (folder / "compose.yaml").write_text("services:\n  web:\n    image: a\n")
    assert load(working_dir=folder).name == "myappdir"


def test_typed_model_and_engine_names(write: Any, load: Any) -> None:
    write(
        "compose.yaml",
        """
services:
  web:
    image: nginx
    deploy: {replicas: 3}
    depends_on:
      db: {condition: service_healthy}
    links: ["cache:redis", cache]
    networks:
      front: {aliases: [www]}
  db:
    image: postgres
    scale: 2
  cache:
    image: redis
    network_mode: "service:db"
networks:
  front: {}
  outside: {external: true}
volumes:
  data: {}
  named: {name: exact}
""",
    )
    project = load(project_name="demo")
    web = project.services["web"]
    assert web.replicas == 3
    assert project.services["db"].replicas == 2
    assert web.depends_on[0] == Dependency("db", "service_healthy", True, False)
    assert web.links == (Link("cache", "redis"), Link("cache", "cache"))
    assert web.networks == (ServiceNetwork("front", ("www",)),)
    assert project.services["cache"].network_mode == "service:db"
    assert web.service_dependencies() == frozenset({"db", "cache"})
    assert project.networks["front"].name == "demo_front"
    # unused resources are left out, as `docker compose config` does
    assert "outside" not in project.networks
    assert "data" not in project.volumes


def test_canonical_spec(write: Any, load: Any) -> None:
    write(
        "compose.yaml",
        """
services:
  web:
    build: ./app
    command: echo "hello world"
    ports: ["8080:80"]
    volumes: ["./src:/src:ro", "data:/data"]
    environment: [A=1, B]
    healthcheck: {test: curl -f localhost, interval: 90s}
volumes:
  data:
""",
    )
    spec = thaw(load({"B": "from-env"}, project_name="p").spec)
    web = spec["services"]["web"]
    root = str(Path(load().working_dir))
    assert web["build"] == {"context": f"{root}/app", "dockerfile": "Dockerfile"}
    assert web["command"] == ["echo", "hello world"]
    assert web["entrypoint"] is None
    assert web["ports"] == [
        {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"}
    ]
    assert web["volumes"][0] == {
        "type": "bind",
        "source": f"{root}/src",
        "target": "/src",
        "read_only": True,
        "bind": {"create_host_path": True},
    }
    assert web["environment"] == {"A": "1", "B": "from-env"}
    assert web["healthcheck"] == {"test": ["CMD-SHELL", "curl -f localhost"], "interval": "1m30s"}
    assert web["networks"] == {"default": None}
    assert spec["networks"] == {"default": {"name": "p_default", "ipam": {}}}
    assert spec["volumes"] == {"data": {"name": "p_data"}}


def test_env_file_and_dotenv_precedence(write: Any, load: Any) -> None:
    write(".env", "TAG=from-dotenv\nONLY=dotenv\n")
    write("web.env", "X=from-file\nY=from-file\n")
    write(
        "compose.yaml",
        "services:\n  web:\n    image: app:${TAG}-${ONLY}\n"
        "    env_file: [web.env, {path: nope.env, required: false}]\n"
        "    environment: {Y: declared}\n",
    )
    project = load({"TAG": "from-process"})
    web = project.services["web"]
    assert web.image == "app:from-process-dotenv"
    assert web.spec["environment"] == {"X": "from-file", "Y": "declared"}


def test_profiles(write: Any, load: Any) -> None:
    write(
        "compose.yaml",
        "services:\n  web:\n    image: a\n  debug:\n    image: b\n    profiles: [dev]\n",
    )
    assert list(load().services) == ["web"]
    assert list(load().disabled_services) == ["debug"]
    assert list(load(profiles=("dev",)).services) == ["web", "debug"]
    assert list(load({"COMPOSE_PROFILES": "dev"}).services) == ["web", "debug"]


def test_extends_across_files(write: Any, load: Any) -> None:
    write(
        "base/common.yml",
        "services:\n  base:\n    image: a\n    env_file: common.env\n    environment: {A: '1'}\n",
    )
    write("base/common.env", "FROM_COMMON=yes\n")
    write(
        "compose.yaml",
        "services:\n  web:\n    extends: {file: base/common.yml, service: base}\n"
        "    environment: {B: '2'}\n",
    )
    web = load().services["web"]
    assert web.image == "a"
    assert web.spec["environment"] == {"FROM_COMMON": "yes", "A": "1", "B": "2"}
    assert "extends" not in web.spec


def test_include(write: Any, load: Any) -> None:
    write("lib/compose.yaml", "services:\n  db:\n    image: postgres\n")
    write(
        "compose.yaml",
        "include: [lib/compose.yaml]\nservices:\n  web:\n    image: a\n    depends_on: [db]\n",
    )
    assert sorted(load().services) == ["db", "web"]


def test_fig_era_file(write: Any, load: Any) -> None:
    write(
        "fig.yml",
        """
web:
  image: app
  links: [db:database]
  external_links: [legacy_redis:redis]
  volumes_from: [data]
  net: "container:vpn"
db:
  image: postgres
data:
  image: busybox
""",
    )
    project = load()
    web = project.services["web"]
    assert web.links == (Link("db", "database"),)
    assert web.external_links[0].container == "legacy_redis"
    assert web.external_links[0].alias == "redis"
    assert web.volumes_from == ("data",)
    assert web.network_mode == "container:vpn"
    assert any("Fig-era" in w.message for w in project.warnings)


def test_version_is_ignored_with_a_warning(write: Any, load: Any) -> None:
    write("compose.yaml", "version: '3.8'\nservices:\n  web:\n    image: a\n")
    project = load()
    assert "version" not in project.spec
    assert any("obsolete" in w.message for w in project.warnings)


def test_zero_values_are_omitted_like_the_reference(write: Any, load: Any) -> None:
    write(
        "compose.yaml",
        "services:\n  web:\n    image: a\n    privileged: false\n    init: false\n"
        "    hostname: ''\n    x-note: hi\n    secrets: [{source: s, mode: 0440}]\n"
        "secrets:\n  s: {file: s.txt}\n",
    )
    web = thaw(load().services["web"].spec)
    assert "privileged" not in web and "hostname" not in web and "x-note" not in web
    assert web["init"] is False
    assert web["secrets"] == [{"source": "s", "mode": "0440", "target": "/run/secrets/s"}]


def test_include_uses_its_own_env_file(write: Any, load: Any) -> None:
    write("lib/compose.yaml", "services:\n  db:\n    image: postgres:${PGTAG:-12}\n")
    write("lib/.env", "PGTAG=15\n")
    write("compose.yaml", "include: [lib/compose.yaml]\nservices:\n  web:\n    image: a\n")
    assert load().services["db"].image == "postgres:15"
    assert load({"PGTAG": "16"}).services["db"].image == "postgres:16"


def test_paths_left_alone_when_asked(write: Any, load: Any) -> None:
    write("compose.yaml", "services:\n  web:\n    build: ./app\n")
    assert load(resolve_paths=False).services["web"].build["context"] == "./app"


def test_fig_era_keys_are_upgraded(write: Any, load: Any) -> None:
    write(
        "fig.yml",
        "web:\n  build: .\n  dockerfile: Dockerfile.dev\n  log_driver: syslog\n"
        "  volumes_from: [db, some_container]\ndb:\n  image: postgres\n",
    )
    web = load().services["web"]
    assert web.build is not None and web.build["dockerfile"] == "Dockerfile.dev"
    assert web.spec["logging"] == {"driver": "syslog"}
    assert web.volumes_from == ("db", "container:some_container")
