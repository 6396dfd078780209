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

from figlet._lazy import lazy_attributes
from figlet.plan import Plan
from figlet.planner.options import ImagePolicy, UpOptions

if TYPE_CHECKING:
    from figlet.planner._deploy import DeployOptions as DeployOptions
    from figlet.planner._deploy import plan_deploy as plan_deploy
    from figlet.planner._deploy import plan_undeploy as plan_undeploy
    from figlet.planner._down import DownOptions as DownOptions
    from figlet.planner._down import plan_down as plan_down
    from figlet.planner._image_commands import BuildOptions as BuildOptions
    from figlet.planner._image_commands import PullOptions as PullOptions
    from figlet.planner._image_commands import plan_build as plan_build
    from figlet.planner._image_commands import plan_pull as plan_pull
    from figlet.planner._lifecycle import LifecycleOptions as LifecycleOptions
    from figlet.planner._up import plan_up as plan_up

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

# the commands that act on existing containers, each planned by `plan_<command>`
LIFECYCLE_COMMANDS = ("start", "stop", "restart", "kill", "pause", "unpause", "rm")

# each attribute imported on first use, and its module (the imports above repeat them for type
# checkers; tests/unit/test_lazy_exports.py keeps the two equal)
_HOMES = {
    "DeployOptions": "figlet.planner._deploy",
    "plan_deploy": "figlet.planner._deploy",
    "plan_undeploy": "figlet.planner._deploy",
    "DownOptions": "figlet.planner._down",
    "plan_down": "figlet.planner._down",
    "BuildOptions": "figlet.planner._image_commands",
    "PullOptions": "figlet.planner._image_commands",
    "plan_build": "figlet.planner._image_commands",
    "plan_pull": "figlet.planner._image_commands",
    "LifecycleOptions": "figlet.planner._lifecycle",
    "plan_up": "figlet.planner._up",
}
__getattr__, __dir__ = lazy_attributes(__name__, _HOMES)


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
