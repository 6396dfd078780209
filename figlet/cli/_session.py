"""The local end of `figlet run` / `figlet exec` attached to a container or a command: the
terminal (raw mode, its size forwarded) or the pipes (stdin sent, output demultiplexed).

`relay` copies the streams until the engine ends the output (the container or command has
exited), then puts the terminal back as it was, whatever happened.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import BinaryIO

from figlet.engine.base import RawStream

Resize = Callable[[int, int], None]  # rows, columns


def stdin_is_terminal() -> bool:
    """Whether figlet's stdin is a terminal (then `run`/`exec` give the container a TTY)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def relay(stream: RawStream, *, tty: bool, stdin: bool, resize: Resize | None = None) -> None:
    """Copy figlet's stdin to `stream` (when `stdin`) and its output to figlet's stdout and
    stderr (one stream as it comes with `tty`, else frames demultiplexed) until it ends."""
    in_fd = _fileno(sys.stdin) if stdin else None
    with _raw_terminal(in_fd if tty else None), _resizing(resize if tty else None):
        if in_fd is None:
            stream.close_write()
        else:
            threading.Thread(
                target=_send_input, args=(in_fd, stream), name="figlet-stdin", daemon=True
            ).start()
        out, err = sys.stdout.buffer, sys.stderr.buffer
        sys.stdout.flush()
        sys.stderr.flush()
        if tty:
            while data := stream.recv():
                _write(out, data)
        else:
            from figlet.engine._http import FrameReader

            frames = FrameReader()
            while data := stream.recv():
                for kind, payload in frames.frames(data):
                    _write(err if kind == 2 else out, payload)


def _write(target: BinaryIO, data: bytes) -> None:
    target.write(data)
    target.flush()


def _fileno(stream: object) -> int | None:
    try:
        fileno = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return None
    return fileno if isinstance(fileno, int) else None


def _send_input(fd: int, stream: RawStream) -> None:
    """stdin to the stream until its end (then the container's stdin is closed)."""
    try:
        while data := os.read(fd, 65536):
            stream.send(data)
    except OSError:
        return  # the stream is gone: the container has exited
    stream.close_write()


@contextlib.contextmanager
def _raw_terminal(fd: int | None) -> Iterator[None]:
    """The terminal on `fd` in raw mode (every key goes to the container, Ctrl-C included),
    restored on the way out; nothing when `fd` is None or not a terminal."""
    if fd is None or not os.isatty(fd):
        yield
        return
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    try:
        tty.setraw(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@contextlib.contextmanager
def _resizing(resize: Resize | None) -> Iterator[None]:
    """Tell the container the terminal's size now and on every change (SIGWINCH)."""
    if resize is None:
        yield
        return
    fd = next((f for f in (1, 0, 2) if os.isatty(f)), None)

    def send_size(*_: object) -> None:
        if fd is None:
            return
        with contextlib.suppress(Exception):  # a size not sent is no reason to stop
            size = os.get_terminal_size(fd)
            resize(size.lines, size.columns)

    send_size()
    on_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGWINCH, send_size) if on_main else None
    try:
        yield
    finally:
        if on_main:
            signal.signal(signal.SIGWINCH, previous)
