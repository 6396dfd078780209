"""The rule that says which values are secrets, and the hiding of them in a plan's changes."""

from __future__ import annotations

import pytest

from figlet.plan import Change
from figlet.plan._render import format_change
from figlet.planner.config_hash import ABSENT, spec_changes
from figlet.sensitive import HIDDEN, Redactor, redactor_of, sensitive_name


@pytest.mark.parametrize(
    "name",
    [
        "DB_PASSWORD",
        "WEBPASSWORD",
        "MYSQL_ROOT_PASSWD",
        "GITHUB_TOKEN",
        "AWS_SECRET_ACCESS_KEY",
        "API_KEY",
        "apiKey",
        "STRIPE_APIKEY",
        "SSH_PRIVATE",
        "REDIS_PASS",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "jwt.secret",
    ],
)
def test_secret_names(name: str) -> None:
    assert sensitive_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "GREETING",
        "PWD",
        "KEYBOARD_LAYOUT",
        "BYPASS_CACHE",
        "MONKEY",
        "MYSQL_ROOT_PASSWORD_FILE",
        "TLS_KEY_PATH",
        "PATH",
    ],
)
def test_names_that_are_not_secrets(name: str) -> None:
    assert not sensitive_name(name)


def test_a_project_s_secret_values() -> None:
    spec = {
        "x-figlet-sensitive": ["LICENCE"],
        "services": {
            "web": {
                "environment": {"DB_PASSWORD": "pw-123", "GREETING": "hello", "LICENCE": "L-9"},
                "x-figlet-sensitive": ["OTHER"],
            },
            "list": {"environment": ["OTHER=o-77", "PLAIN=p"]},
        },
        "secrets": {"api": {"environment": "API_SRC"}, "inline": {"content": "c-content"}},
    }
    found = redactor_of(spec, {"API_SRC": "from-env", "DISABLE_AUTH": "true", "UNUSED": "u-1"})
    assert found.values == {"pw-123", "L-9", "from-env", "c-content"}
    assert found.redact("refused: DB_PASSWORD=pw-123 and c-content") == (
        f"refused: DB_PASSWORD={HIDDEN} and {HIDDEN}"
    )
    # `OTHER` is marked on web only; the `list` service does not mark it
    assert "o-77" not in found.values


def test_changes_of_secrets_keep_their_path_not_their_values() -> None:
    before = {"environment": {"DB_PASSWORD": "a1", "GREETING": "hi"}, "command": ["x", "s3cret"]}
    after = {"environment": {"DB_PASSWORD": "b2", "GREETING": "yo", "API_TOKEN": "t"}}
    held = Redactor(frozenset({"s3cret"}))

    def hide(path: str, old: object, new: object) -> bool:
        return path.split(".")[-1] in ("DB_PASSWORD", "API_TOKEN") or held.holds(old)

    changes = {c.path: c for c in spec_changes(before, after, hide)}
    assert changes["environment.DB_PASSWORD"] == Change(
        "environment.DB_PASSWORD", HIDDEN, HIDDEN, hidden=True
    )
    assert changes["environment.API_TOKEN"].before is ABSENT
    assert format_change(changes["environment.DB_PASSWORD"]) == (
        "environment.DB_PASSWORD: (changed, hidden)"
    )
    assert format_change(changes["environment.API_TOKEN"]) == (
        "environment.API_TOKEN: (added, hidden)"
    )
    assert format_change(changes["command"]) == "command: (removed, hidden)"
    assert format_change(changes["environment.GREETING"]) == 'environment.GREETING "hi" → "yo"'
