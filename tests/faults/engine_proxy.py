"""A fault-injecting proxy for the Docker engine (standard library only).

Listens on a unix socket in a temporary directory and forwards every connection to the real
engine's socket, byte for byte, so that figlet can be pointed at it (DOCKER_HOST=unix://...)
and see faults the shared engine must never be put through (it is never restarted or stopped
for real):

    with EngineProxy() as proxy:
        env = {"DOCKER_HOST": proxy.url}
        proxy.delay(0.2)       # every request waits 200 ms before it is forwarded
        proxy.stop()           # connections dropped, new ones refused: an engine that stopped
        proxy.restart(2.0)     # the same for 2 s, then it answers again
        proxy.resume()         # answers again now (after stop)
        proxy.pass_through()   # no delay

A request in flight when the proxy drops its connection may or may not have reached the engine,
as when a real engine stops mid-request. Dropped connections are shut down in both directions,
so the client sees its connection end (EOF or a reset) at once. While stopped, the socket file
stays but nothing listens: a connect fails with "connection refused", as for a stopped dockerd.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import threading
import time
from types import TracebackType

ENGINE_SOCKET = "/var/run/docker.sock"
_CHUNK = 65536


class EngineProxy:
    """A unix socket forwarding to `upstream`, with faults on demand (see the module doc)."""

    def __init__(self, upstream: str = ENGINE_SOCKET) -> None:
        self.upstream = upstream
        self._dir = tempfile.mkdtemp(prefix="figlet-proxy-")
        self.path = os.path.join(self._dir, "engine.sock")
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._listener: socket.socket | None = None
        self._accepting: threading.Thread | None = None
        self._delay = 0.0
        self._closed = False
        self._timer: threading.Timer | None = None
        # what the proxy saw and did: figures for the tests and docs/RELIABILITY.md
        self.connections = 0
        self.chunks = 0  # client-to-engine pieces forwarded (one per request, usually)
        self.dropped = 0  # connections cut by stop() / restart()
        self.outages = 0  # stop() / restart() calls

    @property
    def url(self) -> str:
        """The DOCKER_HOST value that points at the proxy."""
        return f"unix://{self.path}"

    # --- modes ----------------------------------------------------------------------------
    def pass_through(self) -> None:
        """Forward without delay."""
        self._delay = 0.0

    def delay(self, seconds: float) -> None:
        """Hold each piece the client sends (a request) `seconds` before forwarding it."""
        self._delay = seconds

    def stop(self) -> None:
        """The engine stopped: drop every connection and refuse new ones until `resume`."""
        self._cancel_timer()
        with self._lock:
            self.outages += 1
        self._stop_listening()
        self._drop_all()

    def restart(self, seconds: float) -> None:
        """The engine restarts: as `stop`, then answer again after `seconds`."""
        self.stop()
        timer = threading.Timer(seconds, self.resume)
        timer.daemon = True
        self._timer = timer
        timer.start()

    def resume(self) -> None:
        """Answer again (a no-op when listening)."""
        with self._lock:
            if self._closed or self._listener is not None:
                return
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(self.path)
            listener.listen(64)
            listener.settimeout(0.05)
            self._listener = listener
            self._accepting = threading.Thread(
                target=self._accept, args=(listener,), name="engine-proxy", daemon=True
            )
            self._accepting.start()

    @property
    def listening(self) -> bool:
        return self._listener is not None

    # --- life -----------------------------------------------------------------------------
    def start(self) -> EngineProxy:
        self.resume()
        return self

    def close(self) -> None:
        self._cancel_timer()
        self._stop_listening()
        with self._lock:
            self._closed = True
        self._drop_all()
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        with contextlib.suppress(OSError):
            os.rmdir(self._dir)

    def __enter__(self) -> EngineProxy:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # --- forwarding -----------------------------------------------------------------------
    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _stop_listening(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            accepting, self._accepting = self._accepting, None
        if listener is not None:
            listener.close()  # the file stays: a connect is refused, as by a stopped engine
        if accepting is not None and accepting is not threading.current_thread():
            accepting.join(timeout=5)

    def _drop_all(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
            self.dropped += len(pairs)
        for pair in pairs:
            for end in pair:
                _cut(end)

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed by _stop_listening
            self._serve(client)

    def _serve(self, client: socket.socket) -> None:
        engine = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            engine.connect(self.upstream)
        except OSError:
            engine.close()
            client.close()
            return
        client.settimeout(None)
        with self._lock:
            if self._listener is None:  # stopped while connecting
                _cut(client)
                _cut(engine)
                return
            self._pairs.append((client, engine))
            self.connections += 1
        pair = (client, engine)
        threading.Thread(target=self._pump, args=(client, engine, True, pair), daemon=True).start()
        threading.Thread(target=self._pump, args=(engine, client, False, pair), daemon=True).start()

    def _pump(
        self,
        source: socket.socket,
        target: socket.socket,
        to_engine: bool,
        pair: tuple[socket.socket, socket.socket],
    ) -> None:
        try:
            while True:
                data = source.recv(_CHUNK)
                if not data:
                    break
                if to_engine:
                    with self._lock:
                        self.chunks += 1
                    if self._delay:
                        time.sleep(self._delay)
                    if pair not in self._pairs:
                        break  # dropped while held back: the request never reaches the engine
                target.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                target.shutdown(socket.SHUT_WR)
            self._forget(pair, closing=to_engine)

    def _forget(self, pair: tuple[socket.socket, socket.socket], *, closing: bool) -> None:
        """The client's half ended (closing: True) or the engine's: once the engine's answer
        has ended, the pair is done."""
        if closing:
            return
        with self._lock:
            if pair in self._pairs:
                self._pairs.remove(pair)
        for end in pair:
            _cut(end)  # the client's pump may still be reading: woken, not left on a closed fd


def _cut(end: socket.socket) -> None:
    """Shut a socket down both ways (wakes a thread blocked on it), then close it."""
    with contextlib.suppress(OSError):
        end.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        end.close()
