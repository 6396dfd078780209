"""Problems found while loading, and the source maps that give them a location."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from figlet.errors import ConfigError, LoadWarning, Location, Problem

PathKey = tuple[str | int, ...]
MAX_SHOWN = 25  # problems rendered at most; the rest are counted


def render_path(path: Iterable[str | int]) -> str:
    """`("services", "web", "ports", 0)` -> `services.web.ports[0]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


Positions = dict[PathKey, tuple[int, int]]


class SourceMap:
    """Positions (line, column from 1) of every node of one parsed file, by key path.

    `fill`, when given, records them on first use: most loads never need a position, so the
    parse can leave that work until a problem or a warning is located.
    """

    def __init__(self, file: str, fill: Callable[[SourceMap], None] | None = None) -> None:
        self.file = file
        self._values: Positions = {}
        self._keys: Positions = {}
        self._fill = fill

    def _filled(self) -> None:
        fill = self._fill
        if fill is not None:
            self._fill = None  # first: `fill` itself reads and writes the tables
            fill(self)

    @property
    def values(self) -> Positions:
        """Where each value starts."""
        self._filled()
        return self._values

    @property
    def keys(self) -> Positions:
        """Where each mapping key starts."""
        self._filled()
        return self._keys

    def exact(self, path: PathKey, *, key: bool = False) -> Location | None:
        table = self.keys if key else self.values
        found = table.get(path) or (self.values.get(path) if key else None)
        if found is None:
            return None
        return Location(self.file, found[0], found[1])


def locate(sources: Iterable[SourceMap], path: PathKey, *, key: bool = False) -> Location | None:
    """The most precise known location of `path`: the last file defining it, else a parent."""
    ordered = list(sources)[::-1]
    probe = tuple(path)
    while True:
        for source in ordered:
            found = source.exact(probe, key=key)
            if found is not None:
                return found
        if not probe:
            return Location(ordered[0].file) if ordered else None
        probe = probe[:-1]
        key = False


def _order(problem: Problem) -> tuple[str, int, int]:
    where = problem.location
    if where is None:
        return ("\uffff", 0, 0)
    return (where.file, where.line, where.column)


@dataclass
class Problems:
    """Collects problems (and warnings) so that every independent error is reported at once."""

    sources: list[SourceMap] = field(default_factory=list)
    items: list[Problem] = field(default_factory=list)
    warnings: list[LoadWarning] = field(default_factory=list)

    def add(
        self,
        message: str,
        path: PathKey = (),
        hint: str = "",
        *,
        key: bool = False,
        location: Location | None = None,
    ) -> None:
        where = location or locate(self.sources, path, key=key)
        problem = Problem(message, where, render_path(path), hint)
        if problem not in self.items:
            self.items.append(problem)

    def warn(self, message: str, path: PathKey = (), *, location: Location | None = None) -> None:
        where = location or (locate(self.sources, path) if path else None)
        warning = LoadWarning(message, where)
        if warning not in self.warnings:
            self.warnings.append(warning)

    def check(self) -> None:
        """Raise every problem collected so far as one ConfigError, in file order."""
        if self.items:
            ordered = sorted(self.items, key=_order)
            if len(ordered) > MAX_SHOWN:
                hidden = len(ordered) - MAX_SHOWN
                ordered = [
                    *ordered[:MAX_SHOWN],
                    Problem(f"... and {hidden} more problem(s) of the same kinds"),
                ]
            raise ConfigError(ordered)

    def fail(
        self, message: str, path: PathKey = (), hint: str = "", *, key: bool = False
    ) -> ConfigError:
        """Add a problem and return the error carrying everything collected (to raise)."""
        self.add(message, path, hint, key=key)
        return ConfigError(list(self.items))
