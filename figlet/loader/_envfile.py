"""The `.env` format: `KEY=value`, `export KEY=value`, quotes, comments, `${VAR}` expansion."""

from __future__ import annotations

import re
from collections.abc import Callable

from figlet.errors import ConfigError, Location, Problem

_KEY = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*(=|:\s|$)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "\\$"}


def parse_env_file(
    text: str,
    file: str,
    lookup: Callable[[str], str | None],
    expand: Callable[[str, Callable[[str], str | None]], str] | None = None,
) -> dict[str, str]:
    """The variables of an env file, in order. `lookup` answers `${VAR}` and bare `KEY` lines.

    Values can use earlier keys of the same file. Unquoted and double-quoted values are
    expanded with `expand` (when given); single-quoted values are literal.
    """
    values: dict[str, str] = {}

    def scoped(name: str) -> str | None:
        found = lookup(name)
        return found if found is not None else values.get(name)

    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        raw = lines[i]
        i += 1
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEY.match(raw)
        if not match:
            raise ConfigError(
                Problem(
                    f"invalid line in env file: {_without_value(stripped)!r}",
                    Location(file, i, 1),
                    "",
                    "each line must be KEY=value (or a # comment)",
                )
            )
        key = match.group(1)
        if match.group(2) == "":
            found = lookup(key)
            if found is not None:
                values[key] = found
            continue
        rest = raw[match.end() :].lstrip()
        if rest[:1] in ("'", '"'):
            quote = rest[0]
            body = rest[1:]
            start_line = i
            while _closing_quote(body, quote) < 0 and i < len(lines):
                body += "\n" + lines[i]
                i += 1
            end = _closing_quote(body, quote)
            if end < 0:
                raise ConfigError(
                    Problem(
                        f"unterminated quoted value for {key}",
                        Location(file, start_line, 1),
                        "",
                        f"close the {quote} quote",
                    )
                )
            value = body[:end]
            if quote == '"':
                value = _unescape(value)
                if expand is not None:
                    value = expand(value, scoped)
                value = value.replace("\\$", "$")
        else:
            value = re.split(r"\s+#", rest, maxsplit=1)[0].strip()
            if expand is not None:
                value = expand(value, scoped)
        values[key] = value
    return values


def _closing_quote(body: str, quote: str) -> int:
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and quote == '"':
            i += 2
            continue
        if ch == quote:
            return i
        i += 1
    return -1


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), value)


def _without_value(line: str) -> str:
    """The line up to its `=`: a line that cannot be read may still hold a password."""
    name, found, _value = line.partition("=")
    return f"{name}=..." if found else line
