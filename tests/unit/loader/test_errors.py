"""Broken files: one located problem each, several at once when independent."""

from __future__ import annotations

from typing import Any


def one(error: Any) -> Any:
    assert len(error.problems) == 1, error.render()
    return error.problems[0]


def test_misspelt_keys_get_did_you_mean(write: Any, fail: Any) -> None:
    write(
        "compose.yaml",
        "servcies: {}\nservices:\n  web:\n    image: a\n    depends-on: [db]\n",
    )
    error = fail()
    rendered = error.render()
    assert "compose.yaml:1:1: servcies: unknown key 'servcies' at the top level" in rendered
    assert "did you mean 'services'?" in rendered
    assert "compose.yaml:5:5: services.web.depends-on" in rendered
    assert "did you mean 'depends_on'?" in rendered


def test_wrong_type_is_located(write: Any, fail: Any) -> None:
    write("compose.yaml", "services:\n  web:\n    image: 5\n")
    problem = one(fail())
    assert str(problem.location).endswith("compose.yaml:3:12")
    assert problem.path == "services.web.image"
    assert problem.message == "must be a string"


def test_invalid_port_mapping(write: Any, fail: Any) -> None:
    write("compose.yaml", 'services:\n  web:\n    image: a\n    ports:\n      - "80:80:80"\n')
    problem = one(fail())
    assert problem.render().endswith(
        'compose.yaml:5:9: services.web.ports[0]: "80:80:80" is not a valid port mapping\n'
        '  expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. "8080:80"'
    )


def test_missing_env_file(write: Any, fail: Any) -> None:
    write("compose.yaml", "services:\n  web:\n    image: a\n    env_file: missing.env\n")
    problem = one(fail())
    assert "missing.env not found" in problem.message
    assert problem.path == "services.web.env_file[0]"
    assert problem.location.line == 4


def test_required_variable(write: Any, fail: Any) -> None:
    write("compose.yaml", "services:\n  web:\n    image: ${TAG:?TAG must be set}\n")
    problem = one(fail())
    assert problem.message == "required variable TAG is missing a value: TAG must be set"
    assert problem.location.line == 3


def test_cycle_is_named(write: Any, fail: Any) -> None:
    write(
        "compose.yaml",
        "services:\n  web:\n    image: a\n    depends_on: [api]\n  api:\n    image: a\n"
        "    links: [web]\n",
    )
    problem = one(fail())
    assert problem.message == "dependency cycle detected: web -> api -> web"
    assert problem.location is not None and problem.location.line == 4


def test_several_reference_errors_at_once(write: Any, fail: Any) -> None:
    write(
        "compose.yaml",
        """
services:
  web:
    image: a
    depends_on: [dbb]
    networks: [front]
    volumes: ["data:/data"]
    secrets: [token]
  db:
    image: b
    container_name: the-db
    deploy: {replicas: 2}
  empty: {}
""",
    )
    messages = [p.message for p in fail().problems]
    assert "service 'web' depends on undefined service 'dbb'" in messages
    assert "service 'web' refers to undefined network 'front'" in messages
    assert "service 'web' refers to undefined volume 'data'" in messages
    assert "service 'web' refers to undefined secret 'token'" in messages
    assert "service 'db' has container_name 'the-db' and 2 replicas" in messages
    assert "service 'empty' has neither an image nor a build context specified" in messages
    hints = [p.hint for p in fail().problems]
    assert "did you mean 'db'?" in hints


def test_empty_file(write: Any, fail: Any) -> None:
    write("compose.yaml", "")
    assert one(fail()).message == "empty compose file"


def test_no_file_found(tmp_path: Any, fail: Any) -> None:
    (tmp_path / "proj").mkdir()
    problem = one(fail())
    assert "no configuration file" in problem.message
    assert "compose.yaml" in problem.hint


def test_bad_duration_and_size(write: Any, fail: Any) -> None:
    write(
        "compose.yaml",
        "services:\n  web:\n    image: a\n    healthcheck: {interval: soon}\n    mem_limit: lots\n",
    )
    messages = sorted(p.message for p in fail().problems)
    assert messages == ["invalid duration 'soon'", "invalid size 'lots'"]


def test_dependency_on_a_disabled_service(write: Any, fail: Any, load: Any) -> None:
    write(
        "compose.yaml",
        "services:\n  web:\n    image: a\n    depends_on: [db]\n  db:\n    image: b\n"
        "    profiles: [db]\n",
    )
    problem = one(fail())
    assert "disabled by its profiles" in problem.message
    assert "(db)" in problem.hint
    assert list(load(profiles=("db",)).services) == ["web", "db"]


def test_scale_and_replicas_must_agree(write: Any, fail: Any) -> None:
    write(
        "compose.yaml", "services:\n  web:\n    image: a\n    scale: 2\n    deploy: {replicas: 3}\n"
    )
    assert "`scale` (2) and `deploy.replicas` (3)" in one(fail()).message


def test_misspelt_services_is_not_read_as_a_fig_era_file(write: Any, fail: Any) -> None:
    write("compose.yaml", "servcies:\n  web:\n    image: a\n")
    problem = one(fail())
    assert problem.path == "servcies"
    assert problem.hint == "did you mean 'services'?"


def test_self_dependency_is_a_cycle(write: Any, fail: Any) -> None:
    write("compose.yaml", "services:\n  web:\n    image: a\n    links: [web]\n")
    problem = one(fail())
    assert problem.message == "dependency cycle detected: web -> web"
    assert problem.path == "services.web.links"


def test_non_string_keys(write: Any, fail: Any) -> None:
    write("compose.yaml", "services:\n  web:\n    image: a\n    environment:\n      1: x\n")
    problem = one(fail())
    assert str(problem.location).endswith("compose.yaml:5:7")
    assert problem.message == "non-string key '1'"
