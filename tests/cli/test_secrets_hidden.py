"""A project holding known secret strings: none of them appears in `plan` (text and JSON), in
`up`'s progress and error output, in a load error, or in `config --hide-secrets`; `config`
prints them only because it was asked for the resolved model (as Compose does)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli import BUSYBOX, Figlet

from figlet.engine.fake import FakeEngine

OLD = "hunter2-old-password"
NEW = "hunter2-new-password"
TOKEN = "tok-5f0d8a9e77"
SECRET = "the-secret-file-content"
MARKED = "marked-value-9431"

COMPOSE = f"""\
name: demo
services:
  db:
    image: {BUSYBOX}
    environment:
      DB_PASSWORD: ${{DB_PASSWORD}}
      GITHUB_TOKEN: {TOKEN}
      LICENCE: ${{LICENCE}}
      GREETING: ${{GREETING:-hello}}
    x-figlet-sensitive: [LICENCE]
    secrets: [api]
secrets:
  api:
    environment: API_SECRET
"""
ALL = (OLD, NEW, TOKEN, SECRET, MARKED)


@pytest.fixture
def secrets_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (project / "compose.yaml").write_text(COMPOSE)
    monkeypatch.setenv("DB_PASSWORD", OLD)
    monkeypatch.setenv("API_SECRET", SECRET)
    monkeypatch.setenv("LICENCE", MARKED)
    return project


def _absent(text: str) -> None:
    for value in ALL:
        assert value not in text, f"{value!r} printed:\n{text}"


def test_plan_text_and_json_name_the_change_but_never_the_value(
    secrets_project: Path, figlet: Figlet, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert figlet("up", "-d").code == 0
    monkeypatch.setenv("DB_PASSWORD", NEW)
    monkeypatch.setenv("LICENCE", MARKED + "-2")
    monkeypatch.setenv("GREETING", "bonjour")
    text = figlet("plan")
    assert text.code == 0
    assert "environment.DB_PASSWORD: (changed, hidden)" in text.out
    assert "environment.LICENCE: (changed, hidden)" in text.out
    assert 'environment.GREETING "hello" → "bonjour"' in text.out  # not a secret: shown
    operations = figlet("plan", "--operations")
    done = figlet("plan", "--format", "json")
    for output in (text.out, text.err, operations.out, done.out, done.err):
        _absent(output)
    changes = {c["path"]: c for op in json.loads(done.out)["operations"] for c in op["changes"]}
    assert changes["environment.DB_PASSWORD"] == {
        "path": "environment.DB_PASSWORD",
        "before": "(hidden)",
        "after": "(hidden)",
        "hidden": True,
    }
    assert changes["environment.GREETING"]["after"] == "bonjour"


def test_up_progress_and_its_error_never_show_a_secret(
    secrets_project: Path, figlet: Figlet, fake: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an engine whose refusal quotes what it was sent
    fake.fail[("create_container", "demo-db-1")] = f"invalid env DB_PASSWORD={OLD} ({SECRET})"
    done = figlet("up", "-d")
    assert done.code == 1
    assert "invalid env DB_PASSWORD=(hidden) ((hidden))" in done.err
    _absent(done.out + done.err)
    fake.fail.clear()
    assert figlet("up", "-d").code == 0
    monkeypatch.setenv("DB_PASSWORD", NEW)
    again = figlet("up", "-d", "--dry-run")
    _absent(again.out + again.err)
    assert "(changed, hidden)" in again.out


def test_a_load_error_does_not_quote_a_secret(
    secrets_project: Path, figlet: Figlet, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = COMPOSE.replace("GREETING: ${GREETING:-hello}", f'API_KEY: "{TOKEN}${{oops"')
    (secrets_project / "compose.yaml").write_text(broken)
    monkeypatch.setenv("EXTRA_TOKEN", NEW)
    (secrets_project / ".env").write_text(f"SOME PASSWORD={OLD}\n")
    for command in (("config",), ("plan",), ("up", "-d")):
        done = figlet(*command)
        assert done.code != 0
        _absent(done.out + done.err)
    (secrets_project / ".env").unlink()
    done = figlet("config")
    assert "services.db.environment.API_KEY" in done.err  # located, value hidden
    _absent(done.out + done.err)


def test_config_prints_the_model_as_compose_does_unless_told_to_hide(
    secrets_project: Path, figlet: Figlet
) -> None:
    shown = figlet("config")
    assert f"DB_PASSWORD: {OLD}" in shown.out  # what Docker Compose v2 prints too
    for args in (("config", "--hide-secrets"), ("config", "--hide-secrets", "--format", "json")):
        hidden = figlet(*args)
        assert hidden.code == 0
        _absent(hidden.out + hidden.err)
        assert "(hidden)" in hidden.out
        assert "hello" in hidden.out  # the rest of the model is there
    listed = figlet("config", "--environment", "--hide-secrets")
    assert "DB_PASSWORD=(hidden)" in listed.out
    _absent(listed.out)
