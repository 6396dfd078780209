"""The pure planner: project + observed state + options -> `Plan`. No I/O, no networkx.

`plan_up` serves `up`, `scale` (with `UpOptions.scale`) and `plan`; `plan_down` serves `down`;
`plan_build` / `plan_pull` serve `build` and `pull` (image operations only);
`render_plan` prints a plan as `figlet plan` and `up --dry-run` show it.

The two planners are loaded on first use (PEP 562), so `down` does not import `up`'s half
(config hashing, container specs) and the other way round.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

from figlet.plan import Plan
from figlet.planner.options import DownOptions, ImagePolicy, UpOptions

if TYPE_CHECKING:
    from figlet.planner._down import plan_down
    from figlet.planner._image_commands import BuildOptions, PullOptions, plan_build, plan_pull
    from figlet.planner._up import plan_up

__all__ = [
    "BuildOptions",
    "DownOptions",
    "ImagePolicy",
    "PullOptions",
    "UpOptions",
    "plan_build",
    "plan_down",
    "plan_pull",
    "plan_up",
    "render_plan",
]
_IMAGE_COMMANDS = ("BuildOptions", "PullOptions", "plan_build", "plan_pull")


def __getattr__(name: str) -> Any:
    if name == "plan_up":
        from figlet.planner._up import plan_up

        return plan_up
    if name == "plan_down":
        from figlet.planner._down import plan_down

        return plan_down
    if name in _IMAGE_COMMANDS:
        from figlet.planner import _image_commands

        return getattr(_image_commands, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render_plan(plan: Plan, fmt: Literal["text", "json"] | str = "text") -> str:
    """The plan as `figlet plan --format text|json` prints it (no trailing newline)."""
    if fmt == "json":
        return json.dumps(plan.to_json(), indent=2, ensure_ascii=False)
    if fmt == "text":
        return plan.to_text()
    raise ValueError(f"unknown plan format {fmt!r} (text or json)")
