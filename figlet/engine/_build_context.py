"""The build context as the engine's POST /build takes it: a tar of the context directory,
without what its `.dockerignore` excludes, with the Dockerfile in it.

`.dockerignore` is read as the docker CLI reads it: one pattern a line, `#` comments, `!` to
include again, the last matching pattern deciding; `*` and `?` stop at a `/`, `**` crosses
any number of folders, and a pattern that matches a folder excludes what is below it. The
Dockerfile and `.dockerignore` are always sent (the engine needs them). A Dockerfile outside
the context, or a `dockerfile_inline`, goes in under a name of its own.
"""

from __future__ import annotations

import io
import os
import re
import tarfile
from dataclasses import dataclass

INLINE_NAME = ".figlet.Dockerfile"


@dataclass(frozen=True)
class Pattern:
    """One `.dockerignore` line: its regular expression and whether it includes again."""

    regex: re.Pattern[str]
    include: bool


def read_dockerignore(context: str) -> tuple[Pattern, ...]:
    """The patterns of `context`/.dockerignore (none when there is no such file)."""
    try:
        with open(os.path.join(context, ".dockerignore"), encoding="utf-8") as file:
            lines = file.read().splitlines()
    except FileNotFoundError:
        return ()
    return parse_dockerignore(lines)


def parse_dockerignore(lines: list[str]) -> tuple[Pattern, ...]:
    patterns: list[Pattern] = []
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        include = text.startswith("!")
        text = text[1:].strip() if include else text
        text = os.path.normpath(text).replace(os.sep, "/").lstrip("/")
        if text in ("", "."):
            continue
        patterns.append(Pattern(re.compile(_regex(text)), include))
    return tuple(patterns)


def _regex(pattern: str) -> str:
    """A `.dockerignore` pattern (Go filepath.Match plus `**`) as a regular expression."""
    out: list[str] = []
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if pattern.startswith("**", at):
            at += 2
            if pattern.startswith("/", at):  # "**/" also matches no folder at all
                at += 1
                out.append("(?:.*/)?")
            else:
                out.append(".*")
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\" and at + 1 < len(pattern):
            at += 1
            out.append(re.escape(pattern[at]))
        elif char == "[":
            end = pattern.find("]", at + 1)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = pattern[at + 1 : end]
                body = "^" + body[1:] if body.startswith("^") else body
                out.append(f"[{body}]")
                at = end
        else:
            out.append(re.escape(char))
        at += 1
    return "".join(out) + r"\Z"


def excluded(path: str, patterns: tuple[Pattern, ...]) -> bool:
    """Whether `path` (relative, `/`-separated) is left out: the last pattern that matches
    it or one of its parent folders decides."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: count + 1]) for count in range(len(parts))]
    result = False
    for pattern in patterns:
        if any(pattern.regex.match(prefix) for prefix in prefixes):
            result = not pattern.include
    return result


def context_tar(context: str, dockerfile: str | None, inline: str | None) -> tuple[bytes, str]:
    """(the tar of `context`, the Dockerfile's name in it) for POST /build. `dockerfile` is
    relative to the context or absolute; `inline` is a Dockerfile's text."""
    if not os.path.isdir(context):
        raise FileNotFoundError(f"no such folder: {context}")
    patterns = read_dockerignore(context)
    keep = {".dockerignore"}
    extra: bytes | None = None
    name = dockerfile or "Dockerfile"
    if inline is not None:
        extra, name = inline.encode(), INLINE_NAME
    else:
        absolute = name if os.path.isabs(name) else os.path.join(context, name)
        relative = os.path.relpath(absolute, context)
        if relative.startswith(".." + os.sep) or relative == "..":
            with open(absolute, "rb") as file:
                extra, name = file.read(), INLINE_NAME
        else:
            name = relative.replace(os.sep, "/")
            keep.add(name)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for path in _walk(context, patterns, keep):
            tar.add(os.path.join(context, path), arcname=path, recursive=False, filter=_owner)
        if extra is not None:
            info = tarfile.TarInfo(name)
            info.size = len(extra)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(extra))
    return buffer.getvalue(), name


def _walk(context: str, patterns: tuple[Pattern, ...], keep: set[str]) -> list[str]:
    """The context's paths to send, folders before what they hold, sorted."""
    prune = not any(pattern.include for pattern in patterns)  # nothing can come back
    found: list[str] = []
    for folder, folders, files in os.walk(context):
        base = os.path.relpath(folder, context)
        base = "" if base == "." else base.replace(os.sep, "/") + "/"
        kept_folders = []
        for entry in sorted(folders):
            path = base + entry
            if excluded(path, patterns):
                if prune:
                    continue
            else:
                found.append(path)
            kept_folders.append(entry)
        folders[:] = kept_folders
        for entry in sorted(files):
            path = base + entry
            if path in keep or not excluded(path, patterns):
                found.append(path)
    return found


def _owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Files owned by root in the archive, as the docker CLI sends them."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info
