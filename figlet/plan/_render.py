"""A plan as text (what `figlet plan` prints) and as JSON-compatible data.

Text: a summary line, then one line per thing that changes (the operations on one container
are one line), orphans left in place, the containers already up to date, and the problems.

    trio: 2 to create, 1 to recreate, 1 to remove, 3 unchanged
      ^ image trio-web            build: image missing locally
      + container trio-web-4      scale 3 → 5
      ~ container trio-lb-1       recreate: ports[0].published "8080" → "8081"
      - container trio-old-1      orphan (service "old" is no longer in the project)
      = trio-redis-1, trio-web-1..3  up to date

Symbols: ^ build, ↓ pull, + create, ~ recreate, > start, ↻ restart, * update (hosts, a Swarm
service), ± scale (a Swarm service), - remove, … wait, ! orphan kept, = unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from figlet.plan import Action, Change, Operation, Plan, payload_json
from figlet.plan.payloads.containers import Recreate
from figlet.plan.payloads.swarm import CreateSwarmObject, RemoveSwarmObject, UpdateService
from figlet.planner.config_hash import ABSENT

if TYPE_CHECKING:
    from figlet.plan.payloads import Payload

MAX_CHANGES = 12  # per recreated container, in text; JSON has them all
_VALUE_WIDTH = 60

_KIND = {
    Action.PULL_IMAGE: "image",
    Action.BUILD_IMAGE: "image",
    Action.CREATE_NETWORK: "network",
    Action.REMOVE_NETWORK: "network",
    Action.CREATE_VOLUME: "volume",
    Action.REMOVE_VOLUME: "volume",
    Action.REMOVE_IMAGE: "image",
    Action.WAIT: "service",
    Action.CREATE_STACK_NETWORK: "network",
    Action.CREATE_SERVICE: "service",
    Action.UPDATE_SERVICE: "service",
    Action.WAIT_SERVICE: "service",
    Action.REMOVE_SERVICE: "service",
}
# summary word per symbol, in summary order
_COUNTED = (
    ("^", "to build"),
    ("↓", "to pull"),
    ("+", "to create"),
    ("~", "to recreate"),
    (">", "to start"),
    ("↻", "to restart"),
    ("■", "to stop"),
    ("⚡", "to kill"),
    ("‖", "to pause"),
    ("▷", "to unpause"),
    ("*", "to update"),
    ("±", "to scale"),
    ("-", "to remove"),
)


@dataclass(frozen=True)
class _Line:
    """One rendered line of a plan: symbol, action, target, text and detail lines."""

    symbol: str
    kind: str
    target: str
    text: str
    details: tuple[str, ...] = ()


def plan_text(plan: Plan, *, operations: bool = False) -> str:
    lines = _lines(plan.operations)
    lines.extend(
        _Line(
            "!",
            orphan.kind,
            orphan.name,
            f'orphan (service "{orphan.service}" is no longer in the project), '
            f"kept: {_PRUNE.get(orphan.kind, '--remove-orphans')} removes it",
        )
        for orphan in plan.orphans
    )
    out = [f"{plan.project}: {_summary(plan, lines)}"]
    width = max((len(f"{line.kind} {line.target}") for line in lines), default=0)
    for line in lines:
        head = f"{line.kind} {line.target}".ljust(width)
        out.append(f"  {line.symbol} {head}  {line.text}".rstrip())
        out.extend(f"      {detail}" for detail in line.details)
    if plan.unchanged:
        names = compress_names(plan.unchanged)
        out.append(f"  = {names.ljust(width)}  up to date")
    if plan.problems:
        out.append("problems:")
        for problem in plan.problems:
            first, *rest = problem.render().splitlines()
            out.append(f"  ✗ {first}")
            out.extend(f"    {line.strip()}" for line in rest)
    if operations and plan.operations:
        out.append("operations:")
        id_width = max(len(op.id) for op in plan.operations)
        for op in plan.operations:
            after = f"after {', '.join(op.depends_on)}" if op.depends_on else ""
            out.append(f"  {op.id.ljust(id_width)}  {op.action.value:<14}  {after}".rstrip())
    return "\n".join(out)


def _summary(plan: Plan, lines: Sequence[_Line]) -> str:
    parts = []
    for symbol, words in _COUNTED:
        count = sum(1 for line in lines if line.symbol == symbol)
        if count:
            parts.append(f"{count} {words}")
    if not plan.operations:
        parts.insert(0, "nothing to do")
    if plan.unchanged or not parts:
        parts.append(f"{len(plan.unchanged)} unchanged")
    if plan.orphans:
        parts.append(f"{len(plan.orphans)} orphan{'s' if len(plan.orphans) > 1 else ''} kept")
    if plan.problems:
        count = len(plan.problems)
        parts.append(f"{count} problem{'s' if count > 1 else ''}")
    return ", ".join(parts)


def _lines(operations: Iterable[Operation]) -> list[_Line]:
    """Group the operations by target, in plan order, into one line each."""
    groups: dict[tuple[str, str], list[Operation]] = {}
    images = {
        op.id: op for op in operations if op.action in (Action.BUILD_IMAGE, Action.PULL_IMAGE)
    }
    for op in operations:
        if op.action is Action.ADDRESS:  # bookkeeping for the executor, not a change
            continue
        groups.setdefault((_kind(op), op.target), []).append(op)
    return [_line(kind, target, ops, images) for (kind, target), ops in groups.items()]


def _kind(op: Operation) -> str:
    if isinstance(op.payload, (CreateSwarmObject, RemoveSwarmObject)):
        return op.payload.kind
    return _KIND.get(op.action, "container")


_PRUNE = {"service": "--prune"}  # the option that removes an orphan, by kind


def _swarm_line(kind: str, target: str, ops: list[Operation]) -> _Line | None:
    """The line of a Swarm service, network, secret or config (None: not one)."""
    actions = {op.action for op in ops}
    first = ops[0]
    waits = [op for op in ops if op.action is Action.WAIT_SERVICE]
    if waits and len(waits) < len(ops):  # a create or update, then a wait on it
        line = _swarm_line(kind, target, [op for op in ops if op not in waits])
        if line is not None:
            then = "; ".join(op.cause for op in waits)
            return _Line(line.symbol, kind, target, f"{line.text}; then wait {then}", line.details)
    if actions & {Action.REMOVE_SERVICE, Action.REMOVE_SWARM_OBJECT}:
        return _Line("-", kind, target, ops[-1].cause)
    if actions & {Action.CREATE_SERVICE, Action.CREATE_STACK_NETWORK, Action.CREATE_SWARM_OBJECT}:
        return _Line("+", kind, target, first.cause)
    if Action.UPDATE_SERVICE in actions:
        op = next(op for op in ops if op.action is Action.UPDATE_SERVICE)
        symbol = "±" if isinstance(op.payload, UpdateService) and op.payload.scale else "*"
        if symbol == "±":
            return _Line(symbol, kind, target, op.cause)
        if len(op.changes) == 1:
            return _Line(symbol, kind, target, f"update: {format_change(op.changes[0])}")
        details = [format_change(change) for change in op.changes[:MAX_CHANGES]]
        if len(op.changes) > MAX_CHANGES:
            details.append(f"… and {len(op.changes) - MAX_CHANGES} more")
        return _Line(symbol, kind, target, f"update: {op.cause}", tuple(details))
    if Action.WAIT_SERVICE in actions:
        causes = "; ".join(op.cause for op in ops)
        return _Line("…", kind, target, f"wait {causes}")
    return None


def _line(kind: str, target: str, ops: list[Operation], images: dict[str, Operation]) -> _Line:
    swarm = _swarm_line(kind, target, ops)
    if swarm is not None:
        return swarm
    actions = {op.action for op in ops}
    first = ops[0]
    if Action.BUILD_IMAGE in actions:
        return _Line("^", kind, target, f"build: {first.cause}")
    if Action.PULL_IMAGE in actions:
        return _Line("↓", kind, target, f"pull: {first.cause}")
    if Action.WAIT in actions:
        causes = "; ".join(op.cause for op in ops)
        return _Line("…", kind, target, f"wait {causes}")
    if actions & {Action.REMOVE, Action.REMOVE_NETWORK, Action.REMOVE_VOLUME, Action.REMOVE_IMAGE}:
        return _Line("-", kind, target, ops[-1].cause)
    if actions & {Action.CREATE, Action.CREATE_NETWORK, Action.CREATE_VOLUME}:
        started = Action.START in actions or kind != "container"
        return _Line("+", kind, target, first.cause + ("" if started else " (not started)"))
    if Action.RECREATE in actions:
        op = next(op for op in ops if op.action is Action.RECREATE)
        payload = op.payload
        suffix = "" if isinstance(payload, Recreate) and payload.start else " (not started)"
        if isinstance(payload, Recreate) and not payload.unless_image:
            suffix += "".join(
                f", after the {_IMAGE_WORD[images[dep].action]} of {images[dep].target}"
                for dep in op.depends_on
                if dep in images
            )
        if len(op.changes) == 1:
            return _Line("~", kind, target, f"recreate: {format_change(op.changes[0])}{suffix}")
        details = [format_change(change) for change in op.changes[:MAX_CHANGES]]
        if len(op.changes) > MAX_CHANGES:
            details.append(f"… and {len(op.changes) - MAX_CHANGES} more")
        return _Line("~", kind, target, f"recreate: {op.cause}{suffix}", tuple(details))
    if actions == {Action.STOP, Action.START}:
        return _Line("↻", kind, target, first.cause)
    if actions - {Action.UPDATE_HOSTS} in ({Action.RESTART}, {Action.START}) and len(actions) == 2:
        # a start or restart of a linker (lifecycle commands): its link entries follow
        symbol, word = (">", "start") if Action.START in actions else ("↻", "restart")
        return _Line(symbol, kind, target, f"{word}: {first.cause}, then its link entries")
    if actions == {Action.RESTART}:
        return _Line("↻", kind, target, f"restart: {first.cause}")
    if actions == {Action.STOP}:
        return _Line("■", kind, target, f"stop: {first.cause}")
    if actions == {Action.KILL}:
        return _Line("⚡", kind, target, f"kill: {first.cause}")
    if actions == {Action.PAUSE}:
        return _Line("‖", kind, target, f"pause: {first.cause}")
    if actions == {Action.UNPAUSE}:
        return _Line("▷", kind, target, f"unpause: {first.cause}")
    if actions == {Action.START}:
        return _Line(">", kind, target, f"start: {first.cause}")
    if actions == {Action.UPDATE_HOSTS}:
        return _Line("*", kind, target, f"update hosts: {first.cause}")
    return _Line("?", kind, target, "; ".join(f"{op.action.value}: {op.cause}" for op in ops))


def format_change(change: Change) -> str:
    """`path "before" → "after"`, values as JSON, long ones shortened; a secret's change is
    `path: (changed, hidden)` (or added / removed)."""
    if change.hidden:
        how = (
            "added"
            if change.before is ABSENT
            else "removed"
            if change.after is ABSENT
            else "changed"
        )
        return f"{change.path}: ({how}, hidden)"
    return f"{change.path} {_value(change.before)} → {_value(change.after)}"


def _value(value: Any) -> str:
    if value is ABSENT:
        return "(none)"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= _VALUE_WIDTH else text[: _VALUE_WIDTH - 1] + "…"


_IMAGE_WORD = {Action.BUILD_IMAGE: "build", Action.PULL_IMAGE: "pull"}

_NUMBERED = re.compile(r"^(.*)-(\d+)$")


def compress_names(names: Iterable[str]) -> str:
    """`trio-web-1, trio-web-2, trio-web-3, trio-db-1` -> `trio-db-1, trio-web-1..3` (sorted;
    runs of three or more consecutive numbers become ranges)."""
    numbered: dict[str, list[int]] = {}
    plain: list[str] = []
    for name in names:
        match = _NUMBERED.match(name)
        if match:
            numbered.setdefault(match.group(1), []).append(int(match.group(2)))
        else:
            plain.append(name)
    items: list[tuple[str, int, str]] = [(name, 0, name) for name in plain]
    for prefix, numbers in numbered.items():
        for start, end in _runs(sorted(set(numbers))):
            if end - start >= 2:
                items.append((prefix, start, f"{prefix}-{start}..{end}"))
            else:
                items.extend((prefix, n, f"{prefix}-{n}") for n in range(start, end + 1))
    return ", ".join(text for _, _, text in sorted(items))


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def plan_json(plan: Plan) -> dict[str, Any]:
    lines = _lines(plan.operations)
    summary = {
        words.removeprefix("to "): sum(1 for line in lines if line.symbol == symbol)
        for symbol, words in _COUNTED
    }
    summary["unchanged"] = len(plan.unchanged)
    return {
        "project": plan.project,
        "summary": summary,
        "operations": [
            {
                "id": op.id,
                "action": op.action.value,
                "target": op.target,
                "service": op.service,
                "cause": op.cause,
                "depends_on": list(op.depends_on),
                "changes": [_change_json(change) for change in op.changes],
                "payload": _payload_json(op.payload),
            }
            for op in plan.operations
        ],
        "unchanged": list(plan.unchanged),
        "orphans": [{"name": o.name, "service": o.service, "kind": o.kind} for o in plan.orphans],
        "problems": [
            {
                "message": problem.message,
                "path": problem.path,
                "hint": problem.hint,
                "location": str(problem.location) if problem.location else None,
            }
            for problem in plan.problems
        ],
    }


def _change_json(change: Change) -> dict[str, Any]:
    out = {
        "path": change.path,
        "before": None if change.before is ABSENT else change.before,
        "after": None if change.after is ABSENT else change.after,
    }
    if change.hidden:
        out["hidden"] = True
    return out


def _payload_json(payload: Payload) -> dict[str, Any]:
    """The payload's fields; the config label (the whole spec, compressed, secrets included)
    is left out: the config hash stands for it."""
    out = payload_json(payload)
    if out.get("config_label"):
        out["config_label"] = "(not shown)"
    spec = out.get("spec")
    if isinstance(spec, dict) and "Data" in spec:  # a secret's or config's contents
        out["spec"] = {**spec, "Data": "(not shown)"}
    return out
