"""Plan rendering: JSON shape, name compression, the summary line, `render_plan`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from planner_factory import container, observed, project, service

from figlet.errors import Problem
from figlet.plan import Change, Operation, Orphan, Plan
from figlet.plan._render import compress_names, format_change
from figlet.plan.payloads.containers import StartContainer
from figlet.plan.payloads.lifecycle import Remove
from figlet.planner import UpOptions, plan_up, render_plan
from figlet.planner.config_hash import ABSENT


def test_compress_names() -> None:
    names = ["p-web-3", "p-db-1", "p-web-1", "p-web-2", "p-web-5", "solo", "p-web-6"]
    assert compress_names(names) == "p-db-1, p-web-1..3, p-web-5, p-web-6, solo"
    assert compress_names([]) == ""


def test_format_change_quotes_and_shortens() -> None:
    assert format_change(Change("a.b", "x", ABSENT)) == 'a.b "x" → (none)'
    assert format_change(Change("n", 1, [1, 2])) == "n 1 → [1, 2]"
    long = format_change(Change("k", "y" * 100, "z"))
    assert "…" in long and len(long) < 80


def test_json_has_ids_dependencies_causes_and_changes() -> None:
    old = service("web", environment={"A": "1"})
    new = service("web", environment={"A": "2"})
    plan = plan_up(project("js", new), observed("js", container("js", new, created_from=old)))
    data = json.loads(render_plan(plan, "json"))
    assert data["project"] == "js"
    assert data["summary"]["recreate"] == 1
    (op,) = data["operations"]
    assert op["id"] == "recreate:js-web-1"
    assert op["action"] == "recreate"
    assert op["cause"] == "config hash changed: environment"
    assert op["changes"] == [{"path": "environment.A", "before": "1", "after": "2"}]
    assert op["payload"]["old_id"] == "id-js-web-1"
    assert op["depends_on"] == []


def test_summary_line_variants() -> None:
    empty = Plan(project="p")
    assert str(empty) == "p: nothing to do"
    plan = Plan(
        project="p",
        operations=(
            Operation("remove:p-a-1", "p-a-1", "gone", Remove("p-a-1", "id-a", "a")),
            Operation("start:p-b-1", "p-b-1", "stopped", StartContainer("b", "p-b-1")),
        ),
        unchanged=("p-c-1",),
        problems=(Problem("broken", hint="fix it"),),
        orphans=(Orphan("p-x-1", "x"), Orphan("p-y-1", "y")),
    )
    first, *rest = str(plan).splitlines()
    assert first == "p: 1 to start, 1 to remove, 1 unchanged, 2 orphans kept, 1 problem"
    assert rest[-2:] == ["  ✗ broken", "    fix it"]


def test_render_plan_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="yaml"):
        render_plan(Plan(project="p"), "yaml")


def test_conflicting_options_are_a_user_error() -> None:
    from figlet.errors import FigletError

    with pytest.raises(FigletError, match="cannot be used together"):
        UpOptions(force_recreate=True, no_recreate=True)
    with pytest.raises(FigletError, match="0 or more"):
        UpOptions(scale={"web": -1})


def test_importing_the_planner_does_not_import_networkx() -> None:
    code = "import figlet.planner, sys; print('networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
