"""`${VAR}` interpolation with the Compose syntax, remembering where each value came from."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from figlet.loader._problems import PathKey, Problems
from figlet.loader._yaml import Override

_NAME = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*")


class TemplateError(Exception):
    """A malformed template or a required variable without a value."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Environment:
    """The variables interpolation reads, each with its source (process env, .env, ...)."""

    values: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    consulted: dict[str, str | None] = field(default_factory=dict)
    used: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (value, source)

    def lookup(self, name: str) -> str | None:
        value = self.values.get(name)
        self.consulted[name] = value
        return value

    def record(self, name: str, value: str, source: str) -> None:
        self.used.setdefault(name, (value, source))


def substitute(text: str, env: Environment, unset: list[str] | None = None) -> str:
    """Expand every `$VAR` / `${...}` in `text`; `$$` becomes `$`."""
    if "$" not in text:
        return text
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch != "$":
            j = text.find("$", i)
            if j < 0:
                out.append(text[i:])
                break
            out.append(text[i:j])
            i = j
            continue
        if i + 1 >= n:
            out.append("$")
            break
        nxt = text[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
            continue
        if nxt == "{":
            end = _closing_brace(text, i + 2)
            if end < 0:
                raise TemplateError(f'invalid template: "{text}"', "a `${` is not closed by `}`")
            out.append(_braced(text[i + 2 : end], text, env, unset))
            i = end + 1
            continue
        match = _NAME.match(text, i + 1)
        if not match:
            out.append("$")
            i += 1
            continue
        name = match.group(0)
        out.append(_value(name, env, unset, default_source=None))
        i = match.end()
    return "".join(out)


def _closing_brace(text: str, start: int) -> int:
    depth = 1
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "$" and i + 1 < len(text) and text[i + 1] == "{":
            depth += 1
            i += 2
            continue
        if ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _value(name: str, env: Environment, unset: list[str] | None, default_source: str | None) -> str:
    value = env.lookup(name)
    if value is None:
        if unset is not None and name not in unset:
            unset.append(name)
        env.record(name, "", "unset (blank)")
        return ""
    env.record(name, value, env.sources.get(name, "environment"))
    return value


def _braced(body: str, text: str, env: Environment, unset: list[str] | None) -> str:
    match = _NAME.match(body)
    if not match:
        raise TemplateError(f'invalid interpolation format for "{text}"', "use ${NAME}")
    name = match.group(0)
    rest = body[match.end() :]
    if not rest:
        return _value(name, env, unset, None)
    for op in (":-", ":?", ":+", "-", "?", "+"):
        if rest.startswith(op):
            arg = rest[len(op) :]
            break
    else:
        raise TemplateError(
            f'invalid interpolation format for "{text}"',
            "use ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error} "
            "or ${NAME:+replacement}",
        )
    value = env.lookup(name)
    empty_counts = op.startswith(":")
    is_set = value is not None and (value != "" or not empty_counts)
    kind = op[-1]
    if kind == "-":
        if is_set:
            assert value is not None
            env.record(name, value, env.sources.get(name, "environment"))
            return value
        default = substitute(arg, env, unset)
        env.record(name, default, "default")
        return default
    if kind == "?":
        if is_set:
            assert value is not None
            env.record(name, value, env.sources.get(name, "environment"))
            return value
        message = substitute(arg, env, unset)
        detail = f"required variable {name} is missing a value"
        raise TemplateError(
            f"{detail}: {message}" if message else detail,
            f"set {name} in the environment or in the .env file",
        )
    # "+": replacement when set
    if is_set:
        return substitute(arg, env, unset)
    return ""


def interpolate(
    data: Any,
    env: Environment,
    problems: Problems,
    path: PathKey = (),
    casts: Callable[[PathKey, Any], Any] | None = None,
) -> Any:
    """A copy of `data` with every string value interpolated; keys are left alone."""
    if isinstance(data, str):
        if "$" not in data:
            return _cast(casts, path, data, problems)
        unset: list[str] = []
        try:
            value = substitute(data, env, unset)
        except TemplateError as exc:
            problems.add(exc.message, path, exc.hint)
            return data
        for name in unset:
            problems.warn(f'the "{name}" variable is not set; using a blank string', path)
        return _cast(casts, path, value, problems)
    if isinstance(data, dict):
        return {k: interpolate(v, env, problems, (*path, k), casts) for k, v in data.items()}
    if isinstance(data, list):
        return [interpolate(v, env, problems, (*path, i), casts) for i, v in enumerate(data)]
    if isinstance(data, Override):
        return Override(interpolate(data.value, env, problems, path, casts))
    return data


def _cast(
    casts: Callable[[PathKey, Any], Any] | None, path: PathKey, value: str, problems: Problems
) -> Any:
    if casts is None:
        return value
    try:
        return casts(path, value)
    except ValueError as exc:  # a CastError: the value cannot be read as the path's type
        problems.add(str(exc), path, str(getattr(exc, "hint", "")))
        return value
