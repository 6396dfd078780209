"""The RunHook operation: a service's post_start / pre_stop commands run in a container
through the engine (`docker exec`), in order. No decisions: the planner said when, and
whether a failure fails the operation (`must_succeed`) or is a warning."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from figlet.engine.base import CommandRunner
from figlet.errors import FigletError, Problem
from figlet.events import Message
from figlet.plan.payloads.hooks import RunHook

if TYPE_CHECKING:
    from figlet.executor._actions import ActionContext


def run_hook(ctx: ActionContext, payload: RunHook) -> str:
    """Run each hook; "done", or what failed when a failure is only a warning."""
    engine = ctx.engine
    if not isinstance(engine, CommandRunner):
        raise FigletError(
            Problem(
                f'service "{payload.service}": {engine.describe()} cannot run {payload.when} '
                "hooks (no exec)",
                hint=f"remove `{payload.when}:` from the service",
            )
        )
    for hook in payload.hooks:
        shown = " ".join(hook.command)
        try:
            output, code = engine.run_command(
                payload.container,
                hook.command,
                user=hook.user,
                environment=dict(hook.environment) or None,
                workdir=hook.working_dir,
            )
        except FigletError as error:
            output, code = error.render().encode(), None
        if code == 0:
            continue
        last = output.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        problem = Problem(
            f'service "{payload.service}": {payload.when} hook `{shown}` in '
            f"{payload.container} failed (exit code {code}): {last[0]}",
            hint=f"fix the command of `{payload.when}:` (it runs with `docker exec`)",
        )
        if payload.must_succeed:
            raise FigletError(problem)
        ctx.events.emit(Message(problem.message, time.time(), "warning"))
        return f"{payload.when} hook failed"
    return ""
