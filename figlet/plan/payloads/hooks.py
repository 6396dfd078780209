"""The payload of a lifecycle hook run (`post_start` / `pre_stop`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from figlet.plan import Action


@dataclass(frozen=True)
class Hook:
    """One `post_start` / `pre_stop` entry: a command run in the container (`docker exec`)."""

    command: tuple[str, ...]
    user: str = ""
    working_dir: str | None = None
    environment: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RunHook:
    """Run `service`'s `when` hooks (post_start after the container started, pre_stop before
    it is stopped) in `container`, in order. `must_succeed`: a failing hook fails the
    operation (post_start); otherwise it is a warning and the stop goes on (pre_stop)."""

    action: ClassVar[Action] = Action.RUN_HOOK
    service: str
    container: str
    when: str  # "post_start" | "pre_stop"
    hooks: tuple[Hook, ...]
    must_succeed: bool = True
