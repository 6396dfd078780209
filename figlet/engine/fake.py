"""An in-memory `Engine` for pure unit tests: no sockets, no threads of its own.

It keeps containers, networks, volumes and images in dicts, records every call in order, and lets a
test inject failures (`fail`), scripted health states (`health_script`), exit codes (`exit_codes`)
and a `hook` run at the start of every acting call (to block on a barrier, count concurrency, ...).
Containers can be referred to by id or by name, as with the Docker API.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import tarfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from figlet import labels
from figlet.engine._docker_errors import classify
from figlet.engine._fake_swarm import FakeSwarm
from figlet.engine.values.commands import ExecRequest, LogRequest
from figlet.engine.values.containers import ContainerRequest
from figlet.engine.values.images import BuildRequest, ImageDetails
from figlet.engine.values.readings import DIR_MODE, ContainerEvent, Health, PathStat
from figlet.engine.values.resources import NetworkRequest, VolumeRequest
from figlet.errors import EngineError, StateChanged
from figlet.observe.state import ObservedContainer, ObservedNetwork, ObservedVolume

FAKE_TIME = "2026-01-02T03:04:05.000000000Z"  # the time of every fake log line


@dataclass
class FakeContainer:
    """A container held by the fake engine."""

    id: str
    name: str
    body: Mapping[str, Any]
    networks: list[str]
    state: str = "created"
    hosts: str = ""
    addresses: dict[str, str] = field(default_factory=dict)
    mounts: dict[str, str] = field(default_factory=dict)  # container path -> volume name
    processes: list[tuple[str, ...]] = field(default_factory=list)  # `top`'s rows

    @property
    def labels(self) -> Mapping[str, str]:
        found = self.body.get("Labels") or {}
        return dict(found)


@dataclass
class FakeNetwork:
    """A network held by the fake engine."""

    id: str
    name: str
    labels: Mapping[str, str]


class FakeEngine(FakeSwarm):
    """A pretend Docker engine; thread-safe, deterministic ids ("c1", "n1", ...)."""

    def __init__(self, images: Sequence[str] = ("figlet-local/busybox:latest",)) -> None:
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self.containers: dict[str, FakeContainer] = {}
        self.networks: dict[str, FakeNetwork] = {}
        self.volumes: dict[str, Mapping[str, str]] = {}
        self.images: dict[str, str] = {ref: f"sha256:{i:064x}" for i, ref in enumerate(images, 1)}
        self.calls: list[tuple[str, str]] = []
        # (method, target) -> the error: a message (a failure of no known kind), or the HTTP
        # status and message the real engine would answer (classified as DockerEngine does)
        self.fail: dict[tuple[str, str], str | tuple[int, str]] = {}
        self.health_script: dict[str, list[Health]] = {}  # container name -> states in turn
        self.exit_codes: dict[str, int] = {}  # container name -> code returned by wait_exit
        self.hook: Callable[[str, str], None] | None = None
        # image reference -> the id its next build gives it (default: a new one)
        self.build_ids: dict[str, str] = {}
        self.builds: list[BuildRequest] = []  # every build asked, in order
        self.registry: dict[str, str] = {}  # reference -> the id a pull gives it
        self.pushed: list[str] = []
        self._anonymous = itertools.count(1)
        # container name -> the bytes an attach to it (run) or to a command in it (exec) gives:
        # frames (`frame(1, b"out")`) unless it has a TTY; the exit code of a command run in it
        self.outputs: dict[str, bytes] = {}
        self.exec_codes: dict[str, int] = {}
        self.streams: list[FakeStream] = []  # every attach, in order (what was sent on it)
        self.execs: dict[str, tuple[str, ExecRequest]] = {}  # exec id -> (container, request)
        self.signals: list[tuple[str, str]] = []  # (container name, signal) of each kill
        self.log_lines: dict[str, list[str]] = {}  # container name -> the lines its logs give
        self._watchers: list[_FakeEvents] = []
        self._clock = itertools.count(1_700_000_000_000_000_000, 1_000_000_000)
        # container name -> absolute path -> a file's content, None for a directory ("/" is
        # always one): what `figlet cp` copies in and out
        self.files: dict[str, dict[str, bytes | None]] = {}
        self._init_swarm()

    # --- helpers -----------------------------------------------------------------------
    def _act(self, method: str, target: str) -> None:
        with self._lock:
            self.calls.append((method, target))
            message = self.fail.get((method, target))
        if self.hook is not None:
            self.hook(method, target)
        if isinstance(message, tuple):
            status, text = message
            raise EngineError(text, refusal=classify(status, text))
        if message is not None:
            raise EngineError(message)

    def _next_id(self, prefix: str) -> str:
        with self._lock:
            return f"{prefix}{next(self._ids)}"

    def _container(self, ref: str) -> FakeContainer:
        with self._lock:
            if ref in self.containers:
                return self.containers[ref]
            for container in self.containers.values():
                if container.name == ref:
                    return container
        raise StateChanged(f"No such container: {ref}", change="gone")

    def container_named(self, name: str) -> FakeContainer | None:
        """The container called `name`, if any (for assertions)."""
        with self._lock:
            for container in self.containers.values():
                if container.name == name:
                    return container
        return None

    def add_network(self, name: str, found: Mapping[str, str] | None = None) -> None:
        """Put a network in place without recording a call (test setup)."""
        with self._lock:
            self.networks[name] = FakeNetwork(
                id=self._next_id("n"), name=name, labels=dict(found or {})
            )

    def called(self, method: str) -> list[str]:
        """Targets of every call to `method`, in order."""
        with self._lock:
            return [target for name, target in self.calls if name == method]

    # --- Engine: observe ---------------------------------------------------------------
    def describe(self) -> str:
        return "fake engine"

    def list_containers(self, project: str) -> Sequence[ObservedContainer]:
        with self._lock:
            found = [c for c in self.containers.values() if c.labels.get(labels.PROJECT) == project]
            return [self._observed(c) for c in sorted(found, key=lambda c: c.name)]

    def containers_labelled(self, label: str) -> Sequence[ObservedContainer]:
        """Every container carrying `label` ("key", or "key=value"), of any project."""
        key, has_value, value = label.partition("=")
        with self._lock:
            found = [
                c
                for c in self.containers.values()
                if key in c.labels and (not has_value or c.labels[key] == value)
            ]
            return [self._observed(c) for c in sorted(found, key=lambda c: c.name)]

    def _observed(self, container: FakeContainer) -> ObservedContainer:
        found = container.labels
        image = str(container.body.get("Image", ""))
        return ObservedContainer(
            id=container.id,
            name=container.name,
            service=found.get(labels.SERVICE, ""),
            number=int(found.get(labels.CONTAINER_NUMBER, "0") or 0),
            state=container.state,
            config_hash=found.get(labels.CONFIG_HASH, ""),
            image=image,
            image_id=self.images.get(image, ""),
            labels=found,
            oneoff=found.get(labels.ONEOFF) == "True",
            exit_code=self.exit_codes.get(container.name) if container.state == "exited" else None,
            addresses=dict(container.addresses),
            ports=_ports(container) if container.state == "running" else (),
        )

    def list_networks(self, project: str) -> Sequence[ObservedNetwork]:
        with self._lock:
            return [
                ObservedNetwork(id=n.id, name=n.name, labels=dict(n.labels))
                for n in self.networks.values()
                if n.labels.get(labels.PROJECT) == project
            ]

    def list_volumes(self, project: str) -> Sequence[ObservedVolume]:
        with self._lock:
            return [
                ObservedVolume(name=name, labels=dict(found))
                for name, found in self.volumes.items()
                if found.get(labels.PROJECT) == project
            ]

    def image_ids(self, references: Sequence[str]) -> Mapping[str, str]:
        with self._lock:
            return {ref: self.images[ref] for ref in references if ref in self.images}

    def network_exists(self, name: str) -> bool:
        with self._lock:
            return name in self.networks

    def volume_exists(self, name: str) -> bool:
        with self._lock:
            return name in self.volumes

    def network_endpoints(self, name: str) -> Sequence[str]:
        with self._lock:
            if name not in self.networks:
                raise EngineError(f"network {name} not found", refusal="missing")
            return sorted(c.name for c in self.containers.values() if name in c.networks)

    # --- Engine: act -------------------------------------------------------------------
    def create_network(self, request: NetworkRequest) -> str:
        self._act("create_network", request.name)
        with self._lock:
            if request.name in self.networks:
                raise EngineError(
                    f"network with name {request.name} already exists", refusal="exists"
                )
            network = FakeNetwork(
                id=self._next_id("n"),
                name=request.name,
                labels=dict(request.body.get("Labels") or {}),
            )
            self.networks[request.name] = network
            return network.id

    def remove_network(self, name: str) -> None:
        self._act("remove_network", name)
        with self._lock:
            if name not in self.networks:
                raise EngineError(f"network {name} not found", refusal="missing")
            busy = [c.name for c in self.containers.values() if name in c.networks]
            if busy:
                raise EngineError(
                    f"error while removing network: network {name} has active endpoints",
                    refusal="has endpoints",
                )
            del self.networks[name]

    def create_volume(self, request: VolumeRequest) -> None:
        self._act("create_volume", request.name)
        with self._lock:
            self.volumes.setdefault(request.name, dict(request.body.get("Labels") or {}))

    def remove_volume(self, name: str) -> None:
        self._act("remove_volume", name)
        with self._lock:
            if name not in self.volumes:
                raise EngineError(f"get {name}: no such volume", refusal="missing")
            del self.volumes[name]

    def create_container(self, request: ContainerRequest) -> str:
        self._act("create_container", request.name)
        with self._lock:
            if self.container_named(request.name) is not None:
                raise StateChanged(
                    f'Conflict. The container name "/{request.name}" is already in use '
                    "by container",
                    change="name taken",
                )
            image = str(request.body.get("Image", ""))
            if image and image not in self.images:
                raise EngineError(f"No such image: {image}", refusal="image missing")
            networking = request.body.get("NetworkingConfig") or {}
            endpoints = dict(networking.get("EndpointsConfig") or {})
            names = [*endpoints, *request.extra_networks]
            for network in names:
                if network not in self.networks:
                    raise EngineError(f"network {network} not found", refusal="missing")
            container = FakeContainer(
                id=self._next_id("c"),
                name=request.name,
                body=request.body,
                networks=names,
                mounts=self._mount_volumes(request.body),
            )
            self.containers[container.id] = container
            return container.id

    def _mount_volumes(self, body: Mapping[str, Any]) -> dict[str, str]:
        """Volume mounts of a create body; one without a source gets a new anonymous volume
        (a 64-hex name, no labels), as the engine does."""
        mounts: dict[str, str] = {}
        for mount in (body.get("HostConfig") or {}).get("Mounts") or ():
            if mount.get("Type") != "volume":
                continue
            name = str(mount.get("Source") or "") or f"{next(self._anonymous):064x}"
            self.volumes.setdefault(name, {})
            mounts[str(mount["Target"])] = name
        return mounts

    def start_container(self, container_id: str) -> None:
        self._act("start_container", container_id)
        with self._lock:
            container = self._container(container_id)
            container.state = "running"
            self._event("start", container)
            number = int(container.id.lstrip("c"))
            container.addresses = {
                network: f"10.0.{i}.{number + 1}" for i, network in enumerate(container.networks)
            }

    def stop_container(self, container_id: str, timeout: int | None = None) -> None:
        self._act("stop_container", container_id)
        with self._lock:
            container = self._container(container_id)
            container.state = "exited"
            container.addresses = {}
            self._event("die", container)

    def restart_container(self, container_id: str, timeout: int | None = None) -> None:
        self._act("restart_container", container_id)
        with self._lock:
            container = self._container(container_id)
            container.state = "running"

    def kill_container(self, container_id: str, signal: str = "SIGKILL") -> None:
        """Any signal but SIGKILL is recorded and leaves the container running (a process
        that handles it decides); SIGKILL stops it. Only a running container takes one."""
        self._act("kill_container", container_id)
        with self._lock:
            container = self._container(container_id)
            if container.state != "running":
                raise EngineError(
                    f"Cannot kill container: {container_id}: Container {container.id} is not "
                    "running",
                    refusal=classify(409, "is not running"),
                )
            self.signals.append((container.name, signal))
            if signal in ("SIGKILL", "KILL", "9"):
                container.state = "exited"
                container.addresses = {}

    def pause_container(self, container_id: str) -> None:
        self._act("pause_container", container_id)
        with self._lock:
            container = self._container(container_id)
            if container.state != "running":
                state = "already paused" if container.state == "paused" else "not running"
                raise EngineError(
                    f"Container {container.id} is {state}", refusal=classify(409, state)
                )
            container.state = "paused"

    def unpause_container(self, container_id: str) -> None:
        self._act("unpause_container", container_id)
        with self._lock:
            container = self._container(container_id)
            if container.state != "paused":
                raise EngineError(
                    f"Container {container.id} is not paused",
                    refusal=classify(409, "is not paused"),
                )
            container.state = "running"

    def remove_container(
        self, container_id: str, *, force: bool = False, volumes: bool = False
    ) -> None:
        self._act("remove_container", container_id)
        with self._lock:
            container = self._container(container_id)
            if container.state == "running" and not force:
                raise EngineError(
                    f"You cannot remove a running container {container.id}", refusal="conflict"
                )
            del self.containers[container.id]
            if not volumes:
                return
            in_use = {name for other in self.containers.values() for name in other.mounts.values()}
            for name in container.mounts.values():
                if _anonymous(name) and name not in in_use:
                    self.volumes.pop(name, None)

    def pull_image(self, reference: str, platform: str | None = None) -> None:
        """Pulls what `registry` holds; anything else fails as an unreachable registry."""
        self._act("pull_image", reference)
        with self._lock:
            if reference in self.registry:
                self.images[reference] = self.registry[reference]
                return
        raise EngineError(f"cannot pull {reference}: the registry cannot be reached")

    def push_image(self, reference: str) -> Iterator[str]:
        """Pushes a present image into `registry` (failures through `fail`)."""
        self._act("push_image", reference)
        with self._lock:
            if reference not in self.images:
                raise EngineError(f"An image does not exist locally with the tag: {reference}")
            self.registry[reference] = self.images[reference]
            self.pushed.append(reference)
        yield f"The push refers to repository [{reference}]"

    def build_image(self, request: BuildRequest) -> Iterator[str]:
        """Tag `request.tag` (and its extra tags) with `build_ids[request.tag]`, else a new id;
        two lines of output (the `fail` of ("build_image", tag) fails it after the first)."""
        yield f"Step 1/1 : building {request.tag}"
        self._act("build_image", request.tag)
        with self._lock:
            self.builds.append(request)
            built = self.build_ids.get(request.tag) or f"sha256:{next(self._ids):064x}"
            for tag in (request.tag, *request.tags):
                self.images[tag] = built
        yield f"Successfully tagged {request.tag}"

    def remove_image(self, reference: str) -> None:
        self._act("remove_image", reference)
        with self._lock:
            if reference not in self.images:
                raise EngineError(f"No such image: {reference}", refusal="image missing")
            del self.images[reference]

    # --- Engine: read one container ----------------------------------------------------
    def addresses(self, container_id: str) -> Mapping[str, str]:
        with self._lock:
            return dict(self._container(container_id).addresses)

    def anonymous_volumes(self, container_id: str) -> Mapping[str, str]:
        with self._lock:
            container = self._container(container_id)
            return {path: name for path, name in container.mounts.items() if _anonymous(name)}

    def health(self, container_id: str) -> Health:
        with self._lock:
            container = self._container(container_id)
            script = self.health_script.get(container.name)
            if not script:
                return Health(status=None)
            return script.pop(0) if len(script) > 1 else script[0]

    def wait_exit(self, container_id: str, timeout: float | None = None) -> int:
        self._act("wait_exit", container_id)
        with self._lock:
            container = self._container(container_id)
            container.state = "exited"
            return self.exit_codes.get(container.name, 0)

    def write_hosts(self, container_id: str, content: str) -> None:
        self._act("write_hosts", container_id)
        with self._lock:
            self._container(container_id).hosts = content

    def read_hosts(self, container_id: str) -> str:
        with self._lock:
            return self._container(container_id).hosts

    def logs(
        self, container_id: str, *, follow: bool, tail: str = "all", timestamps: bool = False
    ) -> Iterator[bytes]:
        """The lines of `log_lines[name]`, each stamped FAKE_TIME with `timestamps`."""
        return iter(self._log(container_id, tail, timestamps))

    def _log(self, container_id: str, tail: str, timestamps: bool) -> list[bytes]:
        """The container's log: its last `tail` lines of `log_lines[name]`, each stamped
        FAKE_TIME with `timestamps`."""
        stamp = FAKE_TIME + " " if timestamps else ""
        with self._lock:
            lines = list(self.log_lines.get(self._container(container_id).name, ()))
        if tail != "all":
            lines = lines[len(lines) - int(tail) :] if int(tail) else []
        return [f"{stamp}{line}\n".encode() for line in lines]

    # --- ArchiveCopier -------------------------------------------------------------------
    def _tree(self, container_id: str) -> dict[str, bytes | None]:
        tree = self.files.setdefault(self._container(container_id).name, {})
        tree.setdefault("/", None)
        return tree

    def stat_path(self, container_id: str, path: str) -> PathStat | None:
        self._act("stat_path", f"{container_id} {path}")
        with self._lock:
            tree = self._tree(container_id)
            key = _absolute(path)
            if key not in tree:
                return None
            content = tree[key]
            name = posixpath.basename(key) or "/"
            if content is None:
                return PathStat(name=name, size=0, mode=DIR_MODE | 0o755)
            return PathStat(name=name, size=len(content), mode=0o644)

    def get_archive(self, container_id: str, path: str) -> tuple[PathStat, bytes] | None:
        stat = self.stat_path(container_id, path)
        if stat is None:
            return None
        self._act("get_archive", f"{container_id} {path}")
        with self._lock:
            tree = self._tree(container_id)
            key = _absolute(path)
            under = [p for p in sorted(tree) if p == key or p.startswith(key.rstrip("/") + "/")]
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w") as archive:
                for found in under:
                    name = stat.name + found[len(key.rstrip("/")) :] if key != "/" else found
                    member = tarfile.TarInfo(name.lstrip("/") or ".")
                    content = tree[found]
                    if content is None:
                        member.type, member.mode = tarfile.DIRTYPE, 0o755
                        archive.addfile(member)
                    else:
                        member.size, member.mode = len(content), 0o644
                        archive.addfile(member, io.BytesIO(content))
            return stat, buffer.getvalue()

    def put_archive(
        self, container_id: str, directory: str, archive: bytes, *, copy_uid_gid: bool = False
    ) -> None:
        self._act("put_archive", f"{container_id} {directory}")
        with self._lock:
            tree = self._tree(container_id)
            root = _absolute(directory)
            if tree.get(root, b"") is not None:
                raise EngineError(f"copy to {directory}: not a directory (404)")
            with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as unpacked:
                for member in unpacked:
                    path = _absolute(posixpath.join(root, member.name))
                    if member.isdir():
                        tree[path] = None
                    elif member.isfile():
                        extracted = unpacked.extractfile(member)
                        tree[path] = extracted.read() if extracted is not None else b""

    # --- Interactive -------------------------------------------------------------------
    def attach_container(
        self, container_id: str, *, stdin: bool, detach_keys: str | None = None
    ) -> FakeStream:
        self._act("attach_container", container_id)
        with self._lock:
            name = self._container(container_id).name
            stream = FakeStream(self.outputs.get(name, b""))
            self.streams.append(stream)
            return stream

    def is_tty(self, container_id: str) -> bool:
        with self._lock:
            return bool(self._container(container_id).body.get("Tty"))

    def resize_container(self, container_id: str, rows: int, columns: int) -> None:
        self._act("resize_container", f"{container_id} {rows}x{columns}")

    def create_exec(self, container_id: str, request: ExecRequest) -> str:
        self._act("create_exec", container_id)
        with self._lock:
            container = self._container(container_id)
            if container.state != "running":
                raise EngineError(
                    f"Container {container.id} is not running", refusal=classify(409, "")
                )
            exec_id = self._next_id("e")
            self.execs[exec_id] = (container.name, request)
            return exec_id

    def start_exec(self, exec_id: str, *, tty: bool, detach: bool = False) -> FakeStream | None:
        self._act("start_exec", exec_id)
        if detach:
            return None
        with self._lock:
            stream = FakeStream(self.outputs.get(self.execs[exec_id][0], b""))
            self.streams.append(stream)
            return stream

    def resize_exec(self, exec_id: str, rows: int, columns: int) -> None:
        self._act("resize_exec", f"{exec_id} {rows}x{columns}")

    def exec_exit_code(self, exec_id: str) -> int | None:
        with self._lock:
            return self.exec_codes.get(self.execs[exec_id][0], 0)

    # --- LogStreamer ---------------------------------------------------------------------
    def log_stream(self, container_id: str, request: LogRequest) -> _FakeLog:
        """The container's log so far (`logs`' lines); a followed log ends there too, as if
        the container had stopped."""
        self._act("log_stream", container_id)
        return _FakeLog(self._log(container_id, request.tail, request.timestamps))

    def container_events(self, project: str) -> _FakeEvents:
        """The project's container events (start, die) from now on, until closed."""
        watcher = _FakeEvents(project)
        with self._lock:
            self._watchers.append(watcher)
        return watcher

    def _event(self, action: str, container: FakeContainer) -> None:
        event = ContainerEvent(
            time_nano=next(self._clock),
            action=action,
            container_id=container.id,
            attributes={**container.labels, "name": container.name, "image": _image(container)},
        )
        for watcher in list(self._watchers):
            watcher.put(event)

    # --- ContainerInspector --------------------------------------------------------------
    def top(self, container_id: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        with self._lock:
            container = self._container(container_id)
            if container.state != "running":
                raise EngineError(
                    f"Container {container.id} is not running", refusal=classify(409, "")
                )
            return ("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), tuple(
                container.processes
            )

    def image_details(self, image: str) -> ImageDetails | None:
        with self._lock:
            for reference, image_id in self.images.items():
                if image in (reference, image_id):
                    tags = tuple(ref for ref, found in self.images.items() if found == image_id)
                    return ImageDetails(id=image_id, tags=tags, size=4_400_000)
        return None


class FakeStream:
    """An attached stream of the fake engine: gives `output` once, keeps what is sent."""

    def __init__(self, output: bytes) -> None:
        self._output = output
        self.sent = bytearray()
        self.input_closed = False
        self.closed = False

    def recv(self) -> bytes:
        data, self._output = self._output, b""
        return data

    def send(self, data: bytes) -> None:
        self.sent += data

    def close_write(self) -> None:
        self.input_closed = True

    def close(self) -> None:
        self.closed = True


def frame(kind: int, data: bytes) -> bytes:
    """One frame of a multiplexed stream (kind 1: stdout, 2: stderr), as the engine sends it."""
    return bytes([kind, 0, 0, 0]) + len(data).to_bytes(4, "big") + data


class _FakeLog:
    def __init__(self, lines: list[bytes]) -> None:
        self._lines = lines

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._lines)

    def close(self) -> None:
        self._lines = []


class _FakeEvents:
    """Events put by the fake engine's thread, read by another until closed."""

    def __init__(self, project: str) -> None:
        self._project = project
        self._ready = threading.Condition()
        self._queue: list[ContainerEvent] = []
        self._closed = False

    def put(self, event: ContainerEvent) -> None:
        if event.attributes.get(labels.PROJECT) != self._project:
            return
        with self._ready:
            self._queue.append(event)
            self._ready.notify_all()

    def __iter__(self) -> Iterator[ContainerEvent]:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if self._closed:
                    return
                event = self._queue.pop(0)
            yield event

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify_all()


def _ports(container: FakeContainer) -> tuple[str, ...]:
    """Its published ports as `docker ps` lists them; a port without a host port gets
    32768 + the container's number."""
    bindings = (container.body.get("HostConfig") or {}).get("PortBindings") or {}
    shown = []
    for private, binds in sorted(bindings.items()):
        for bind in binds or ():
            host = bind.get("HostIp") or "0.0.0.0"
            port = bind.get("HostPort") or str(32768 + int(container.id.lstrip("c")))
            shown.append(f"{host}:{port}->{private}")
    return tuple(shown)


def _image(container: FakeContainer) -> str:
    return str(container.body.get("Image") or "")


def _anonymous(volume: str) -> bool:
    """Whether a volume name is one the engine made up (64 hex digits)."""
    return len(volume) == 64 and all(c in "0123456789abcdef" for c in volume)


def _absolute(path: str) -> str:
    """`path` normalised, absolute in a container."""
    return posixpath.normpath("/" + path.strip("/")) if path.strip("/") else "/"
