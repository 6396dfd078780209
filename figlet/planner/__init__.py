"""The pure planner: project + observed state + options -> `Plan`. No I/O, no networkx.

`plan_up` serves `up`, `scale` (with `UpOptions.scale`) and `plan`; `plan_down` serves `down`;
`render_plan` prints a plan as `figlet plan` and `up --dry-run` show it.
"""

from __future__ import annotations

import json
from typing import Literal

from figlet.plan import Plan
from figlet.planner._down import plan_down
from figlet.planner._up import plan_up
from figlet.planner.options import DownOptions, UpOptions

__all__ = ["DownOptions", "UpOptions", "plan_down", "plan_up", "render_plan"]


def render_plan(plan: Plan, fmt: Literal["text", "json"] | str = "text") -> str:
    """The plan as `figlet plan --format text|json` prints it (no trailing newline)."""
    if fmt == "json":
        return json.dumps(plan.to_json(), indent=2, ensure_ascii=False)
    if fmt == "text":
        return plan.to_text()
    raise ValueError(f"unknown plan format {fmt!r} (text or json)")
