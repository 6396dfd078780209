"""Tar archives for `figlet cp`: a local path packed under the name it gets in the container,
and an archive from a container unpacked into a local directory with no member escaping it."""

from __future__ import annotations

import io
import os
import posixpath
import tarfile
from pathlib import Path

from figlet.errors import FigletError, Problem


def pack(source: Path, root: str | None, *, follow_link: bool = False) -> bytes:
    """An uncompressed tar of `source` (recursively) whose one root is named `root`; with
    `root` None, the members of the directory `source` at the top (`SRC/.`). With
    `follow_link`, a symbolic link `source` is packed as what it points to."""
    if follow_link:
        source = Path(os.path.realpath(source))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        if root is not None:
            archive.add(source, arcname=root, recursive=True)
        else:
            for child in sorted(source.iterdir()):
                archive.add(child, arcname=child.name, recursive=True)
    return buffer.getvalue()


def unpack(
    archive: bytes, directory: Path, *, rename: tuple[str, str] | None, keep_owner: bool
) -> None:
    """Unpack `archive` into the existing `directory`; `rename` (old, new) renames the root
    member. Owners are kept only with `keep_owner` (else the files are the caller's). A member
    that would land outside `directory` (an absolute name, `..`, a path through a symbolic
    link) stops the copy with an error."""
    base = os.path.realpath(directory)
    try:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as unpacked:
            for member in unpacked:
                member.name = _inside(member.name, rename)
                if member.islnk():
                    member.linkname = _inside(member.linkname, rename)
                target = os.path.join(base, member.name)
                parent = os.path.realpath(os.path.dirname(target))
                if parent != base and not parent.startswith(base + os.sep):
                    raise _escapes(member.name)
                if not member.isdir() and os.path.islink(target):
                    os.unlink(target)  # replace the link, never write through it
                if not keep_owner:
                    member.uid, member.gid, member.uname, member.gname = (
                        os.getuid(),
                        os.getgid(),
                        "",
                        "",
                    )
                unpacked.extract(member, base, numeric_owner=True)
    except tarfile.TarError as exc:
        raise FigletError(Problem(f"cannot unpack the archive: {exc}")) from None


def _inside(name: str, rename: tuple[str, str] | None) -> str:
    """A member's name made relative and checked, its root renamed by `rename`."""
    clean = posixpath.normpath(name)
    if clean.startswith("/") or clean == ".." or clean.startswith("../"):
        raise _escapes(name)
    if rename is not None:
        old, new = rename
        if clean == old or clean.startswith(old + "/"):
            clean = new + clean[len(old) :]
    return clean


def _escapes(name: str) -> FigletError:
    return FigletError(
        Problem(
            f"refusing to unpack {name!r}: it would land outside the destination",
            hint="the archive is not one a container gives; nothing past this member was copied",
        )
    )
