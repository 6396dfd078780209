"""The `Engine` protocol: everything figlet asks of a Docker-API-compatible engine.

The values it is asked with and answers with are in `figlet.engine.values`.
Requests are the Docker Engine API's own JSON bodies (built by pure code in
`figlet.container_spec`), so an engine only transports them. Errors are raised as
`figlet.errors.EngineError` with a message a user can act on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:
    from figlet.engine.values.commands import ExecRequest, LogRequest
    from figlet.engine.values.containers import ContainerRequest
    from figlet.engine.values.images import BuildRequest, ImageDetails
    from figlet.engine.values.readings import ContainerEvent, Health, PathStat
    from figlet.engine.values.resources import NetworkRequest, VolumeRequest
    from figlet.observe.state import ObservedContainer, ObservedNetwork, ObservedVolume
    from figlet.observe.swarm import (
        NodeRecord,
        ObjectRecord,
        ServiceRecord,
        SwarmInfo,
        TaskRecord,
    )
    from figlet.swarm.stack import ObjectKind

T_co = TypeVar("T_co", covariant=True)


class Engine(Protocol):
    """A Docker-API engine, as figlet uses it. Implementations: DockerEngine, FakeEngine."""

    def describe(self) -> str:
        """Where it is (DOCKER_HOST / socket) for error messages."""
        ...

    # --- observe -------------------------------------------------------------------
    def list_containers(self, project: str) -> Sequence[ObservedContainer]: ...
    def list_networks(self, project: str) -> Sequence[ObservedNetwork]: ...
    def list_volumes(self, project: str) -> Sequence[ObservedVolume]: ...
    def image_ids(self, references: Sequence[str]) -> Mapping[str, str]:
        """The local image id of each reference that is present."""
        ...

    def network_exists(self, name: str) -> bool: ...
    def volume_exists(self, name: str) -> bool: ...

    # --- act -----------------------------------------------------------------------
    def create_network(self, request: NetworkRequest) -> str: ...
    def remove_network(self, name: str) -> None: ...
    def create_volume(self, request: VolumeRequest) -> None: ...
    def remove_volume(self, name: str) -> None: ...
    def create_container(self, request: ContainerRequest) -> str: ...
    def start_container(self, container_id: str) -> None: ...
    def stop_container(self, container_id: str, timeout: int | None = None) -> None: ...
    def restart_container(self, container_id: str, timeout: int | None = None) -> None: ...
    def kill_container(self, container_id: str, signal: str = "SIGKILL") -> None:
        """Send `signal` (a name, "SIGTERM" or "TERM", or a number) to a running container."""
        ...

    def pause_container(self, container_id: str) -> None: ...
    def unpause_container(self, container_id: str) -> None: ...
    def remove_container(
        self, container_id: str, *, force: bool = False, volumes: bool = False
    ) -> None:
        """Remove a container; with `volumes`, also its anonymous volumes (those it took over
        from a container it replaced included)."""
        ...

    def pull_image(self, reference: str, platform: str | None = None) -> None: ...
    def remove_image(self, reference: str) -> None: ...

    # --- read one container --------------------------------------------------------
    def addresses(self, container_id: str) -> Mapping[str, str]:
        """Network name -> IPv4 address of a running container."""
        ...

    def anonymous_volumes(self, container_id: str) -> Mapping[str, str]:
        """Container path -> name of each anonymous volume the container mounts (a recreate
        mounts them again in the new container)."""
        ...

    def health(self, container_id: str) -> Health: ...
    def wait_exit(self, container_id: str, timeout: float | None = None) -> int: ...
    def write_hosts(self, container_id: str, content: str) -> None:
        """Replace the container's /etc/hosts with `content`."""
        ...

    def logs(
        self, container_id: str, *, follow: bool, tail: str = "all", timestamps: bool = False
    ) -> Iterator[bytes]:
        """The container's output (stdout and stderr); with `timestamps`, each line starts
        with the engine's RFC 3339 time and a space."""
        ...


@runtime_checkable
class ImageBuilder(Protocol):
    """Engines that can build images (optional; `figlet up --build` needs it)."""

    def build_image(self, request: BuildRequest) -> Iterator[str]:
        """Build and tag; yields progress lines; raises EngineError when the build fails."""
        ...


@runtime_checkable
class ImagePusher(Protocol):
    """Engines that can push an image to its registry (optional; `figlet push`)."""

    def push_image(self, reference: str) -> Iterator[str]:
        """Push; yields progress lines; raises EngineError when the push fails."""
        ...


@runtime_checkable
class CommandRunner(Protocol):
    """Engines that can run a command in a running container (`docker exec`; optional, for
    the pytest plugin's `FigletStack.exec`)."""

    def run_command(
        self,
        container_id: str,
        command: Sequence[str],
        *,
        user: str = "",
        environment: Mapping[str, str] | None = None,
        workdir: str | None = None,
    ) -> tuple[bytes, int | None]:
        """Run `command` and wait for it, however long it runs: its output (stdout and stderr
        interleaved) and exit code (None if the engine did not say)."""
        ...


@runtime_checkable
class ContainerOutput(Protocol):
    """Engines that give a container's output with stdout and stderr apart (optional; for
    `figlet.testing.DockerCompose`'s `exec_in_container` and `get_logs`)."""

    def run_command_split(
        self,
        container_id: str,
        command: Sequence[str],
        *,
        user: str = "",
        environment: Mapping[str, str] | None = None,
        workdir: str | None = None,
    ) -> tuple[bytes, bytes, int | None]:
        """Run `command` and wait for it: its stdout, its stderr and its exit code (None if the
        engine did not say)."""
        ...

    def container_logs(self, container_id: str, *, timestamps: bool = False) -> tuple[bytes, bytes]:
        """Everything the container wrote so far: (stdout, stderr); with `timestamps`, each
        line starts with the engine's RFC 3339 time and a space."""
        ...


@runtime_checkable
class LabelQuery(Protocol):
    """Engines that list containers by any label, across projects (optional; for the test
    stacks' reaper, `figlet.testing.reap`)."""

    def containers_labelled(self, label: str) -> Sequence[ObservedContainer]:
        """Every container (stopped ones too) carrying `label` ("key" or "key=value")."""
        ...


class RawStream(Protocol):
    """A connection attached to a container or a command (taken over from HTTP): its stdin one
    way, its output the other (8-byte-header frames for stdout/stderr unless it has a TTY)."""

    def recv(self) -> bytes:
        """The next bytes of output; b"" once the stream has ended."""
        ...

    def send(self, data: bytes) -> None: ...
    def close_write(self) -> None:
        """End of input (the container's stdin is closed); output still comes."""
        ...

    def close(self) -> None: ...


class Stream(Protocol[T_co]):
    """What an engine sends as it happens (a followed log, events); `close` it when done, from
    any thread: a reader blocked on it wakes up and its iteration ends."""

    def __iter__(self) -> Iterator[T_co]: ...
    def close(self) -> None: ...


@runtime_checkable
class Interactive(Protocol):
    """Engines that attach a terminal or pipes to a container or a command (optional; `figlet
    run`, `figlet exec` and `figlet attach` need it)."""

    def attach_container(
        self, container_id: str, *, stdin: bool, detach_keys: str | None = None
    ) -> RawStream:
        """Attach to the container's stdout and stderr (and stdin): call before starting it,
        so that no output is missed. `detach_keys` ("ctrl-p,ctrl-q") end the attach."""
        ...

    def is_tty(self, container_id: str) -> bool:
        """Whether the container runs with a terminal (`tty: true`): its output is then one
        raw stream, not frames."""
        ...

    def resize_container(self, container_id: str, rows: int, columns: int) -> None: ...
    def create_exec(self, container_id: str, request: ExecRequest) -> str:
        """Create the command; its exec id."""
        ...

    def start_exec(self, exec_id: str, *, tty: bool, detach: bool = False) -> RawStream | None:
        """Start the command; attached to it unless `detach` (then None)."""
        ...

    def resize_exec(self, exec_id: str, rows: int, columns: int) -> None: ...
    def exec_exit_code(self, exec_id: str) -> int | None:
        """The command's exit code once it has ended (None while it runs)."""
        ...


@runtime_checkable
class LogStreamer(Protocol):
    """Engines that stream a container's log and the project's container events (optional;
    `figlet logs`, `figlet events`)."""

    def log_stream(self, container_id: str, request: LogRequest) -> Stream[bytes]:
        """The log's bytes as they arrive, stdout and stderr in the order written (frame
        headers removed), in pieces cut anywhere. Ends at the end of the log, or when the
        container stops if `request.follow`."""
        ...

    def container_events(self, project: str) -> Stream[ContainerEvent]:
        """The project's container events from now on, until closed."""
        ...


@runtime_checkable
class ContainerInspector(Protocol):
    """Engines that tell a container's processes and an image's details (optional; `figlet
    top`, `figlet images`)."""

    def top(self, container_id: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """The processes running in the container: (column titles, rows), as `ps` shows."""
        ...

    def image_details(self, image: str) -> ImageDetails | None:
        """The local image `image` (id or reference), None when absent."""
        ...


@runtime_checkable
class ArchiveCopier(Protocol):
    """An engine that copies files in and out of containers as tar archives (`figlet cp`)."""

    def stat_path(self, container_id: str, path: str) -> PathStat | None:
        """What `path` is in the container; None when it does not exist."""
        ...

    def get_archive(self, container_id: str, path: str) -> tuple[PathStat, bytes] | None:
        """`path` (a file or a directory, recursively) as a tar archive whose one root is its
        base name; None when it does not exist."""
        ...

    def put_archive(
        self, container_id: str, directory: str, archive: bytes, *, copy_uid_gid: bool = False
    ) -> None:
        """Unpack the tar `archive` into the existing `directory` of the container; with
        `copy_uid_gid` the members keep their owners."""
        ...


@runtime_checkable
class SwarmEngine(Protocol):
    """Engines that drive a Docker Swarm (optional; `figlet deploy`, `undeploy`, `ps --swarm`).
    Specs are the Engine API's own bodies (`figlet.swarm.stack`); `namespace` is the
    `com.docker.stack.namespace` label of a stack's objects."""

    def swarm_info(self) -> SwarmInfo: ...
    def list_services(self, namespace: str) -> Sequence[ServiceRecord]: ...
    def inspect_service(self, ref: str) -> ServiceRecord: ...
    def create_service(self, spec: Mapping[str, Any]) -> str:
        """Create the service; its id."""
        ...

    def update_service(self, service_id: str, version: int, spec: Mapping[str, Any]) -> None:
        """Replace the service's spec; `version` is the Version.Index it was read at."""
        ...

    def remove_service(self, ref: str) -> None: ...
    def list_tasks(
        self, *, service: str | None = None, namespace: str | None = None
    ) -> Sequence[TaskRecord]:
        """The tasks of one service (id or name) or of every service of a stack."""
        ...

    def list_nodes(self) -> Sequence[NodeRecord]: ...
    def list_stack_networks(self, namespace: str) -> Sequence[ObservedNetwork]: ...
    def network_exists(self, name: str) -> bool: ...
    def list_swarm_objects(
        self, kind: ObjectKind, namespace: str | None = None
    ) -> Sequence[ObjectRecord]:
        """The secrets (or configs) of a stack; every one with `namespace` None."""
        ...

    def create_swarm_object(self, kind: ObjectKind, spec: Mapping[str, Any]) -> str:
        """Create a secret or a config (Name, Labels, Data base64); its id."""
        ...

    def remove_swarm_object(self, kind: ObjectKind, ref: str) -> None: ...
    def task_logs(self, task_id: str, tail: int = 20) -> str:
        """The last `tail` lines a task's container wrote (stdout and stderr)."""
        ...
