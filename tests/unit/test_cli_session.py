"""The frames of an attached stream (`FrameReader.frames`, which `figlet.cli._session` relays),
fed in pieces cut anywhere."""

from __future__ import annotations

from figlet.engine._http import FrameReader
from figlet.engine.fake import frame


def test_frames_cut_anywhere_come_out_whole_and_in_order() -> None:
    raw = frame(1, b"out\n") + frame(2, b"err\n") + frame(1, b"") + frame(1, b"x" * 70000)
    for cut in (1, 3, 8, 9, 4096):
        frames = FrameReader()
        found = [f for at in range(0, len(raw), cut) for f in frames.frames(raw[at : at + cut])]
        assert found == [(1, b"out\n"), (2, b"err\n"), (1, b""), (1, b"x" * 70000)]


def test_an_incomplete_frame_waits_for_the_rest() -> None:
    frames = FrameReader()
    assert list(frames.frames(frame(1, b"hello")[:-2])) == []
    assert list(frames.frames(b"lo")) == [(1, b"hello")]
