"""`figlet cp` on the fake engine: both directions, docker cp's rules for the destination,
every replica by default into a service, `-` both ways, the errors and their exit codes."""

from __future__ import annotations

import io
import sys
import tarfile
from pathlib import Path

import pytest
from _cli import Figlet

from figlet.engine.fake import FakeEngine


@pytest.fixture
def up(figlet: Figlet) -> None:
    assert figlet("up", "-d", "--progress", "quiet").code == 0


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.usefixtures("up")
def test_a_directory_in_and_out(figlet: Figlet, fake: FakeEngine, project: Path) -> None:
    (project / "conf" / "sub").mkdir(parents=True)
    (project / "conf" / "a.txt").write_text("a\n")
    (project / "conf" / "sub" / "b.txt").write_text("b\n")
    done = figlet("cp", "conf", "db:/")
    assert (done.code, done.out) == (0, ""), done.err
    assert done.err == " demo-db-1 copy conf to demo-db-1:/ Copied\n"
    assert fake.files["demo-db-1"]["/conf/sub/b.txt"] == b"b\n"
    (project / "out").mkdir()
    done = figlet("cp", "db:/conf", "out")
    assert done.code == 0, done.err
    assert _tree(project / "out") == {"conf/a.txt": "a\n", "conf/sub/b.txt": "b\n"}
    done = figlet("cp", "db:/conf", "renamed")  # a new name: the directory is renamed
    assert _tree(project / "renamed") == {"a.txt": "a\n", "sub/b.txt": "b\n"}


@pytest.mark.usefixtures("up")
def test_a_file_to_a_new_name_and_into_a_directory(
    figlet: Figlet, fake: FakeEngine, project: Path
) -> None:
    (project / "f.txt").write_text("hi\n")
    assert figlet("cp", "f.txt", "db:/g.txt").code == 0
    assert figlet("cp", "f.txt", "db:/").code == 0
    assert fake.files["demo-db-1"]["/g.txt"] == b"hi\n"
    assert fake.files["demo-db-1"]["/f.txt"] == b"hi\n"
    assert figlet("cp", "db:/g.txt", "back.txt").code == 0
    assert (project / "back.txt").read_text() == "hi\n"


@pytest.mark.usefixtures("up")
def test_into_a_service_every_replica_unless_index(
    figlet: Figlet, fake: FakeEngine, project: Path
) -> None:
    (project / "f.txt").write_text("hi\n")
    assert figlet("cp", "f.txt", "web:/").code == 0
    assert {n for n, tree in fake.files.items() if "/f.txt" in tree} == {
        "demo-web-1",
        "demo-web-2",
    }
    assert figlet("cp", "--index", "2", "f.txt", "web:/only2").code == 0
    assert {n for n, tree in fake.files.items() if "/only2" in tree} == {"demo-web-2"}
    done = figlet("cp", "--index", "2", "web:/only2", "got")
    assert done.code == 0, done.err
    assert (project / "got").read_text() == "hi\n"
    assert figlet("cp", "web:/only2", "got1").code == 1  # from a service: replica 1


@pytest.mark.usefixtures("up")
def test_dash_is_a_tar_stream(
    figlet: Figlet, fake: FakeEngine, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.files["demo-db-1"] = {"/": None, "/d": None, "/d/x": b"x\n"}
    captured = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(captured))
    assert figlet("cp", "db:/d", "-").code == 0
    with tarfile.open(fileobj=io.BytesIO(captured.getvalue())) as archive:
        assert sorted(archive.getnames()) == ["d", "d/x"]
    body = io.BytesIO()
    with tarfile.open(fileobj=body, mode="w") as archive:
        member = tarfile.TarInfo("in.txt")
        member.size = 3
        archive.addfile(member, io.BytesIO(b"in\n"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body.getvalue())))
    assert figlet("cp", "-", "db:/d").code == 0
    assert fake.files["demo-db-1"]["/d/in.txt"] == b"in\n"


@pytest.mark.usefixtures("up")
def test_missing_paths_exit_1(figlet: Figlet, project: Path) -> None:
    done = figlet("cp", "db:/nope", ".")
    assert done.code == 1
    assert "could not find the file /nope in container demo-db-1" in done.err
    done = figlet("cp", "nope.txt", "db:/")
    assert done.code == 1
    assert "no such file or directory" in done.err
    (project / "f.txt").write_text("hi\n")
    done = figlet("cp", "f.txt", "db:/nodir/")
    assert (done.code, done.err.strip()) == (1, "no such directory: /nodir/")
    assert figlet("cp", "f.txt", "db:/nodir/x").code == 1
    assert figlet("cp", "db:/", "nodir/").code == 1


def test_no_container_exits_1_as_compose(figlet: Figlet) -> None:
    done = figlet("cp", "nope:/x", ".")
    assert done.code == 1
    assert done.err.startswith('no container found for service "nope"')
    assert figlet("cp", "db:/x", ".").code == 1  # not created yet


def test_no_service_or_two_exit_1_as_compose(figlet: Figlet) -> None:
    assert figlet("cp", "a", "b").code == 1
    done = figlet("cp", "db:/a", "web:/b")
    assert (done.code, done.err) == (1, "copying between services is not supported\n")


def test_usage_errors_exit_2(figlet: Figlet) -> None:
    assert figlet("cp", "--index", "0", "db:/a", ".").code == 2
    assert figlet("cp", "db:/a").code == 2


def test_unpacking_refuses_members_outside_the_destination(tmp_path: Path) -> None:
    from figlet.cli._cp_tar import unpack
    from figlet.errors import FigletError

    def archive(*members: tarfile.TarInfo) -> bytes:
        body = io.BytesIO()
        with tarfile.open(fileobj=body, mode="w") as tar:
            for member in members:
                tar.addfile(member, io.BytesIO(b"x" * member.size))
        return body.getvalue()

    def file(name: str) -> tarfile.TarInfo:
        member = tarfile.TarInfo(name)
        member.size = 1
        return member

    link = tarfile.TarInfo("link")
    link.type, link.linkname = tarfile.SYMTYPE, str(tmp_path / "outside")
    (tmp_path / "outside").mkdir()
    (tmp_path / "dest").mkdir()
    for bad in (
        archive(file("../escape")),
        archive(file("/abs")),
        archive(link, file("link/through")),
    ):
        with pytest.raises(FigletError, match="outside the destination"):
            unpack(bad, tmp_path / "dest", rename=None, keep_owner=False)
    assert list((tmp_path / "outside").iterdir()) == []
    assert not (tmp_path / "escape").exists()
