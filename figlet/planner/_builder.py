"""An append-only list of operations with unique ids, in a valid sequential order."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from figlet.plan import Operation


def unique(ids: Iterable[str]) -> tuple[str, ...]:
    """The ids in first-seen order, without repeats."""
    return tuple(dict.fromkeys(ids))


class Builder:
    """Collects operations; an operation may only depend on operations added before it."""

    def __init__(self) -> None:
        self._ops: list[Operation] = []
        self._index: dict[str, int] = {}

    def __contains__(self, op_id: str) -> bool:
        return op_id in self._index

    def add(self, op: Operation) -> str:
        if op.id in self._index:
            raise ValueError(f"duplicate operation id {op.id}")
        unknown = [dep for dep in op.depends_on if dep not in self._index]
        if unknown:
            raise ValueError(f"{op.id} depends on unplanned {', '.join(unknown)}")
        depends_on = unique(op.depends_on)
        if depends_on != op.depends_on:
            op = dataclasses.replace(op, depends_on=depends_on)
        self._index[op.id] = len(self._ops)
        self._ops.append(op)
        return op.id

    def get(self, op_id: str) -> Operation:
        return self._ops[self._index[op_id]]

    def replace(self, op: Operation) -> None:
        """Swap an operation for a new version of itself (same id, same dependencies)."""
        self._ops[self._index[op.id]] = op

    def operations(self) -> tuple[Operation, ...]:
        return tuple(self._ops)
