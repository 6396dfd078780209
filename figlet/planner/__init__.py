"""The pure planner: project + observed state + options -> `Plan`. No I/O, no networkx.

`plan_up` serves `up`, `scale` (with `UpOptions.scale`) and `plan`; `plan_down` serves `down`;
`plan_build` / `plan_pull` serve `build` and `pull` (image operations only);
`plan_start`, `plan_stop`, `plan_restart`, `plan_kill`, `plan_pause`, `plan_unpause` and
`plan_rm` serve the lifecycle commands of the same names (`lifecycle_planner`); `render_plan`
prints a plan as `figlet plan` and `up --dry-run` show it.

The planners, and the options of all but `up`, are loaded on first use (PEP 562), so `down`
does not import `up`'s half (config hashing, container specs) and the other way round.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

from figlet.plan import Plan
from figlet.planner.options import ImagePolicy, UpOptions

if TYPE_CHECKING:
    from figlet.planner._deploy import DeployOptions, plan_deploy, plan_undeploy
    from figlet.planner._down import DownOptions, plan_down
    from figlet.planner._image_commands import BuildOptions, PullOptions, plan_build, plan_pull
    from figlet.planner._lifecycle import LifecycleOptions
    from figlet.planner._up import plan_up

__all__ = [
    "LIFECYCLE_COMMANDS",
    "BuildOptions",
    "DeployOptions",
    "DownOptions",
    "ImagePolicy",
    "LifecycleOptions",
    "PullOptions",
    "UpOptions",
    "lifecycle_planner",
    "plan_build",
    "plan_deploy",
    "plan_down",
    "plan_pull",
    "plan_undeploy",
    "plan_up",
    "render_plan",
]
_IMAGE_COMMANDS = ("BuildOptions", "PullOptions", "plan_build", "plan_pull")

# the commands that act on existing containers, each planned by `plan_<command>`
LIFECYCLE_COMMANDS = ("start", "stop", "restart", "kill", "pause", "unpause", "rm")


def __getattr__(name: str) -> Any:
    if name == "plan_up":
        from figlet.planner._up import plan_up

        return plan_up
    if name in ("plan_down", "DownOptions"):
        from figlet.planner import _down

        return getattr(_down, name)
    if name == "LifecycleOptions":
        from figlet.planner._lifecycle import LifecycleOptions

        return LifecycleOptions
    if name in ("plan_deploy", "plan_undeploy", "DeployOptions"):
        from figlet.planner import _deploy

        return getattr(_deploy, name)
    if name in _IMAGE_COMMANDS:
        from figlet.planner import _image_commands

        return getattr(_image_commands, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def lifecycle_planner(command: str) -> Any:
    """The planner of a lifecycle command: `plan_stop` for "stop", ... (pure functions of
    (project name, project or None, observed, LifecycleOptions) -> Plan)."""
    if command not in LIFECYCLE_COMMANDS:
        raise ValueError(f"not a lifecycle command: {command!r}")
    from figlet.planner import _lifecycle

    return getattr(_lifecycle, f"plan_{command}")


def render_plan(plan: Plan, fmt: Literal["text", "json"] | str = "text") -> str:
    """The plan as `figlet plan --format text|json` prints it (no trailing newline)."""
    if fmt == "json":
        return json.dumps(plan.to_json(), indent=2, ensure_ascii=False)
    if fmt == "text":
        return plan.to_text()
    raise ValueError(f"unknown plan format {fmt!r} (text or json)")
