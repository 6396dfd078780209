"""`DockerEngine`: the Engine protocol over the Docker Engine API.

Everything on the up/down/ps/plan paths goes through a small stdlib HTTP client
(`figlet.engine._http`); the docker SDK (~0.15 s to import, with requests and urllib3) is
imported only for image pulls and pushes, log streams, and TLS / ssh engines (builds send
the context themselves: `_build_context`, `_buildkit`).
"""

from __future__ import annotations

import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from figlet import labels as L
from figlet.engine import _docker_errors as errors
from figlet.engine._docker_parse import (
    container_from_list,
    network_from_list,
    normalize_reference,
    volume_from_list,
)
from figlet.engine._docker_swarm import DockerSwarm
from figlet.engine._http import (
    ApiError,
    ByteStream,
    FrameReader,
    HttpTransport,
    NotFound,
    Transport,
    demux,
    demux_streams,
    parse_host,
    query,
    segment,
)
from figlet.engine._wire import BadResponse
from figlet.engine.base import RawStream
from figlet.errors import EngineError, Problem
from figlet.observe.state import ObservedContainer, ObservedNetwork, ObservedVolume

if TYPE_CHECKING:
    # the engine's values are imported where they are made: a no-op `up` makes none
    from figlet.engine.values.commands import ExecRequest, LogRequest
    from figlet.engine.values.containers import ContainerFile, ContainerRequest
    from figlet.engine.values.images import BuildRequest, ImageDetails
    from figlet.engine.values.readings import ContainerEvent, Health, PathStat
    from figlet.engine.values.resources import NetworkRequest, VolumeRequest

# The API version figlet speaks; pinned so that no extra /version request is needed.
API_VERSION = "1.41"
DEFAULT_SOCKET = "unix:///var/run/docker.sock"
_WRITE_HOSTS = 'printf %s "$0" > /etc/hosts'
_ANONYMOUS = r"[0-9a-f]{64}"  # compiled on first use
_FOREVER = math.inf


_INSPECT_AT_MOST = 3  # distinct images `image_ids` inspects one by one; more: one list


def _is_named(image: Mapping[str, Any], reference: str) -> bool:
    """Whether the inspected image carries `reference` as a tag or digest, or is its id (the
    engine also answers an inspect of a short id prefix, which is not a name)."""
    names = (image.get("RepoTags") or []) + (image.get("RepoDigests") or [])
    return normalize_reference(reference) in names or image.get("Id") == reference


_AMBIGUOUS_NETWORK = re.compile(
    r"network (?P<name>\S+) is ambiguous"
    r"|Could not attach to network (?P<swarm>\S+): rpc error: code = NotFound"
)
"""The engine's refusal of a network name that more than one network carries. An engine in
swarm mode does not say so: it looks for the name among the swarm's networks instead and
reports that none is there."""


class DockerEngine(DockerSwarm):
    """A Docker-API engine reached through a `Transport` (the stdlib client, or the docker
    SDK's session for TLS / ssh hosts)."""

    def __init__(
        self,
        transport: Transport,
        where: str,
        *,
        environ: Mapping[str, str] | None = None,
        timeout: int = 120,
        sdk_client: Any = None,
    ) -> None:
        self._transport = transport
        self._where = where
        self._environ = dict(os.environ if environ is None else environ)
        self._timeout = timeout
        self._sdk_client = sdk_client

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, timeout: int = 120
    ) -> DockerEngine:
        """An engine configured like the docker CLI: DOCKER_HOST, DOCKER_TLS_VERIFY,
        DOCKER_CERT_PATH, DOCKER_API_VERSION. Makes no request."""
        env = dict(os.environ if environ is None else environ)
        where = env.get("DOCKER_HOST") or DEFAULT_SOCKET
        version = env.get("DOCKER_API_VERSION") or API_VERSION
        address = parse_host(where)
        if (
            address is not None
            and not env.get("DOCKER_TLS_VERIFY")
            and not env.get("DOCKER_CERT_PATH")
        ):
            transport = HttpTransport(address, api_version=version, timeout=timeout)
            return cls(transport, where, environ=env, timeout=timeout)
        client = _sdk_client(env, where, timeout)
        from figlet.engine._sdk_transport import SdkTransport

        return cls(SdkTransport(client), where, environ=env, timeout=timeout, sdk_client=client)

    def describe(self) -> str:
        return f"Docker engine at {self._where}"

    def close(self) -> None:
        self._transport.close()
        if self._sdk_client is not None:
            self._sdk_client.close()

    # --- observe -------------------------------------------------------------------
    def list_containers(self, project: str) -> Sequence[ObservedContainer]:
        with self._errors(f"list containers of project {project}"):
            items = self._get("/containers/json", all=True, filters=_project_filter(project))
        return [container_from_list(item) for item in items or ()]

    def list_running_containers(self) -> Sequence[ObservedContainer]:
        """Every running container on the engine, any project or none (preflight reads their
        published ports)."""
        with self._errors("list running containers"):
            items = self._get("/containers/json")
        return [container_from_list(item) for item in items or ()]

    def list_networks(self, project: str) -> Sequence[ObservedNetwork]:
        with self._errors(f"list networks of project {project}"):
            items = self._get("/networks", filters=_project_filter(project))
        return [network_from_list(item) for item in items or ()]

    def list_volumes(self, project: str) -> Sequence[ObservedVolume]:
        with self._errors(f"list volumes of project {project}"):
            response = self._get("/volumes", filters=_project_filter(project))
        return [volume_from_list(item) for item in (response or {}).get("Volumes") or ()]

    def image_ids(self, references: Sequence[str]) -> Mapping[str, str]:
        """The local image id of each reference that is present: an inspect per reference for
        a few (the engine answers one in about 1 ms, a list of every image in 4 ms or more),
        one list of every image for more."""
        distinct = list(dict.fromkeys(references))
        if len(distinct) > _INSPECT_AT_MOST:
            return self._listed_image_ids(distinct)
        found: dict[str, str] = {}
        for reference in distinct:
            with self._errors(f"inspect image {reference}"):
                try:
                    image = self._get(f"/images/{segment(reference)}/json") or {}
                except NotFound:
                    continue
            if _is_named(image, reference):
                found[reference] = str(image["Id"])
        return found

    def _listed_image_ids(self, references: Sequence[str]) -> Mapping[str, str]:
        with self._errors("list images"):
            images = self._get("/images/json") or []
        by_tag: dict[str, str] = {}
        for image in images:
            for tag in (image.get("RepoTags") or []) + (image.get("RepoDigests") or []):
                by_tag[tag] = image["Id"]
        found: dict[str, str] = {}
        for reference in references:
            image_id = by_tag.get(normalize_reference(reference))
            if image_id is None and reference.startswith("sha256:"):
                image_id = next((i["Id"] for i in images if i["Id"] == reference), None)
            if image_id is not None:
                found[reference] = image_id
        return found

    def network_exists(self, name: str) -> bool:
        return self._exists(f"/networks/{segment(name)}", f"inspect network {name}")

    def volume_exists(self, name: str) -> bool:
        return self._exists(f"/volumes/{segment(name)}", f"inspect volume {name}")

    def network_endpoints(self, name: str) -> Sequence[str]:
        """Names of the containers the network's inspect lists as attached."""
        with self._errors(f"inspect network {name}"):
            found = self._get(f"/networks/{segment(name)}")
        attached = (found or {}).get("Containers") or {}
        return sorted(str(c.get("Name") or key) for key, c in attached.items())

    # --- act -----------------------------------------------------------------------
    def create_network(self, request: NetworkRequest) -> str:
        """Create the network; the id of the one network of that name afterwards.

        The engine's duplicate-name check is not atomic: a create still in flight from an
        interrupted run and this one can both succeed. Then the oldest network is kept and
        the others (new, so without containers) are removed, so container creates and starts
        that name the network find exactly one.
        """
        with self._errors(f"create network {request.name}"):
            body = {"Name": request.name, **request.body}
            response = self._transport.call("POST", "/networks/create", body=body)
            created = str(response["Id"])
            return self._one_network_named(request.name, created)

    def _one_network_named(self, name: str, created: str) -> str:
        found = self._get("/networks", filters={"name": [name]})
        same = sorted(
            (str(n.get("Created", "")), str(n["Id"])) for n in found if n.get("Name") == name
        )
        if len(same) <= 1:
            return created
        keep = same[0][1]
        for _, extra in same[1:]:
            with suppress(ApiError):  # one with endpoints stays: the engine reports it on use
                self._transport.call("DELETE", f"/networks/{segment(extra)}")
        return keep

    def _call_with_one_network(self, method: str, path: str, **options: Any) -> Any:
        """`call`; when the engine refuses a network name that two networks carry (a create
        race of an older figlet, or networks made by hand), keep the oldest of that name,
        remove the others (if they have no endpoints) and call once more."""
        try:
            return self._transport.call(method, path, **options)
        except ApiError as exc:
            ambiguous = _AMBIGUOUS_NETWORK.search(exc.message)
            if ambiguous is None:
                raise
            name = ambiguous.group("name") or ambiguous.group("swarm")
            self._one_network_named(name, "")  # then once more: a clash resolved, or the same error
            return self._transport.call(method, path, **options)

    def remove_network(self, name: str) -> None:
        with self._errors(f"remove network {name}"), suppress(NotFound):  # already gone: done
            self._transport.call("DELETE", f"/networks/{segment(name)}")

    def create_volume(self, request: VolumeRequest) -> None:
        with self._errors(f"create volume {request.name}"):
            body = {"Name": request.name, **request.body}
            self._transport.call("POST", "/volumes/create", body=body)

    def remove_volume(self, name: str) -> None:
        with self._errors(f"remove volume {name}"), suppress(NotFound):  # already gone: done
            self._transport.call("DELETE", f"/volumes/{segment(name)}")

    def create_container(self, request: ContainerRequest) -> str:
        image = str(request.body.get("Image", ""))
        with self._errors(f"create container {request.name}"):
            try:
                response = self._transport.call(
                    "POST",
                    "/containers/create",
                    params={"name": request.name},
                    body=dict(request.body),
                )
            except NotFound as exc:
                if errors.classify(exc.status, exc.message) == "image missing":
                    raise errors.image_missing(image) from None
                raise
            except ApiError as exc:
                if exc.status == 409:
                    raise self._name_taken(request, exc) from None
                raise
        container_id = str(response["Id"])
        for network, endpoint in request.extra_networks.items():
            with self._errors(f"connect container {request.name} to network {network}"):
                self._call_with_one_network(
                    "POST",
                    f"/networks/{segment(network)}/connect",
                    body={"Container": container_id, "EndpointConfig": dict(endpoint)},
                )
        if request.files:
            with self._errors(f"copy files into container {request.name}"):
                self._transport.call(
                    "PUT",
                    f"/containers/{container_id}/archive",
                    params={"path": "/"},
                    data=_tar(request.files),
                    content_type="application/x-tar",
                )
        return container_id

    def start_container(self, container_id: str) -> None:
        with self._errors(f"start container {short_ref(container_id)}"):
            try:
                self._call_with_one_network("POST", f"/containers/{segment(container_id)}/start")
            except ApiError as exc:
                name = self._name_of(container_id)
                taken = errors.port_taken(name, exc.status, exc.message)
                if taken is not None:
                    raise taken from None
                what = f"cannot start container {name}"
                raise errors.api_error(what, exc.status, exc.message) from None

    def start_reporting_addresses(
        self, container: str, report: Callable[[Mapping[str, str]], None]
    ) -> None:
        """`start_container`, and `report(network name -> IPv4 address)` as soon as the engine
        has connected `container` (a name) to all its networks: a few ms into a start that
        takes ~0.2 s, before the start returns. The engine's network "connect" events say
        when; the networks' inspect then gives the addresses. (Inspecting the container
        would wait for the start, which holds its lock; polling the networks slows the start
        down.) Nothing is reported if the start ends first or the container has no network,
        nor through the docker SDK's transport (TLS, ssh), whose streams another thread cannot
        be sure to interrupt.
        """
        if not isinstance(self._transport, HttpTransport):
            self.start_container(container)
            return
        try:
            events = self._transport.stream(
                "GET",
                "/events",
                params={"filters": {"type": ["network"], "event": ["connect"]}},
                timeout=_FOREVER,
            )
        except (ApiError, OSError):
            self.start_container(container)  # no early report; the start itself decides
            return
        watcher = threading.Thread(
            target=self._report_addresses,
            args=(container, events, report),
            name="figlet-address",
            daemon=True,
        )
        watcher.start()
        try:
            self.start_container(container)
        finally:
            events.close()  # ends the watcher's read of the events
            watcher.join()

    def _report_addresses(
        self,
        name: str,
        events: Iterable[Mapping[str, Any]],
        report: Callable[[Mapping[str, str]], None],
    ) -> None:
        try:
            listed = self._get("/containers/json", all=True, filters={"name": [f"^/{name}$"]})
            item = (listed or [{}])[0]
            container_id = str(item.get("Id") or "")
            networks = set((item.get("NetworkSettings") or {}).get("Networks") or {})
            if not container_id or not networks:
                return
            connected: set[str] = set()
            for event in events:
                attributes = (event.get("Actor") or {}).get("Attributes") or {}
                if attributes.get("container") == container_id:
                    connected.add(str(attributes.get("name") or ""))
                    if networks <= connected:
                        break
            else:
                return  # the start ended before every network was connected
            found: dict[str, str] = {}
            for network in networks:
                endpoints = (self._get(f"/networks/{segment(network)}") or {}).get("Containers")
                endpoint = (endpoints or {}).get(container_id) or {}
                address = str(endpoint.get("IPv4Address") or "").split("/")[0]
                if address:
                    found[network] = address
            if len(found) == len(networks):
                report(found)
        except (ApiError, OSError, ValueError, TypeError, AttributeError):
            return  # the start's own outcome decides; the addresses are known after it

    def stop_container(self, container_id: str, timeout: int | None = None) -> None:
        with (
            self._errors(f"stop container {short_ref(container_id)}"),
            suppress(NotFound),
        ):  # already gone: done
            self._transport.call(
                "POST",
                f"/containers/{segment(container_id)}/stop",
                params={"t": timeout},
                timeout=self._timeout + (timeout if timeout is not None else 10),
            )

    def restart_container(self, container_id: str, timeout: int | None = None) -> None:
        with self._errors(f"restart container {short_ref(container_id)}"):
            self._transport.call(
                "POST",
                f"/containers/{segment(container_id)}/restart",
                params={"t": timeout},
                timeout=self._timeout + (timeout if timeout is not None else 10),
            )

    def kill_container(self, container_id: str, signal: str = "SIGKILL") -> None:
        with self._errors(f"kill container {short_ref(container_id)}"):
            self._transport.call(
                "POST", f"/containers/{segment(container_id)}/kill", params={"signal": signal}
            )

    def pause_container(self, container_id: str) -> None:
        with self._errors(f"pause container {short_ref(container_id)}"):
            self._transport.call("POST", f"/containers/{segment(container_id)}/pause")

    def unpause_container(self, container_id: str) -> None:
        with self._errors(f"unpause container {short_ref(container_id)}"):
            self._transport.call("POST", f"/containers/{segment(container_id)}/unpause")

    def remove_container(
        self, container_id: str, *, force: bool = False, volumes: bool = False
    ) -> None:
        """Remove a container; with `volumes`, also its anonymous volumes, including those it
        took over from a container it replaced (the engine's own `v` misses those)."""
        anonymous: Mapping[str, str] = {}
        if volumes:
            try:
                anonymous = self.anonymous_volumes(container_id)
            except EngineError:
                anonymous = {}
        with self._errors(f"remove container {short_ref(container_id)}"):
            try:
                self._transport.call(
                    "DELETE",
                    f"/containers/{segment(container_id)}",
                    params={"force": force, "v": volumes},
                )
            except NotFound:
                return
            except ApiError as exc:
                if errors.classify(exc.status, exc.message) != "in progress":
                    raise
        for volume in anonymous.values():
            # an error here means another container still uses it: that one keeps it
            with suppress(ApiError, OSError):
                self._transport.call("DELETE", f"/volumes/{segment(volume)}")

    def pull_image(self, reference: str, platform: str | None = None) -> None:
        what = f"pull image {reference}"
        with self._errors(what):
            sdk = self._sdk()
            import docker.errors

            try:
                stream = sdk.pull(reference, platform=platform, stream=True, decode=True)
                for chunk in stream:
                    if chunk.get("error"):
                        raise errors.registry_refused(what, reference, chunk["error"])
            except docker.errors.APIError as exc:
                raise errors.registry_refused(what, reference, _explanation(exc)) from None

    def push_image(self, reference: str) -> Iterator[str]:
        """Push `reference` to its registry; yields the engine's progress lines."""
        what = f"push image {reference}"
        repository, tag = split_reference(reference)
        with self._errors(what):
            stream = self._sdk().push(repository, tag=tag, stream=True, decode=True)
        return self._registry_lines(what, reference, stream)

    def _registry_lines(
        self, what: str, reference: str, stream: Iterator[Mapping[str, Any]]
    ) -> Iterator[str]:
        with self._errors(what):
            for chunk in stream:
                if chunk.get("error"):
                    raise errors.registry_refused(what, reference, chunk["error"])
                status = str(chunk.get("status") or "")
                if status and not chunk.get("progressDetail"):
                    yield " ".join(filter(None, (str(chunk.get("id") or ""), status)))

    def build_image(self, request: BuildRequest) -> Iterator[str]:
        """POST /build with a tar of the context (`_build_context`: .dockerignore honoured),
        every tag at once; yields the builder's output lines. BuildKit (the API's version 2,
        the context uploaded with the request) unless DOCKER_BUILDKIT is 0/false, then the
        classic builder."""
        from figlet.engine._build_context import context_tar

        what = f"build image {request.tag}"
        try:
            archive, dockerfile = context_tar(
                request.context, request.dockerfile, request.dockerfile_inline
            )
        except OSError as exc:
            raise EngineError(
                Problem(
                    f"{what}: cannot read the build context {request.context}: {exc}",
                    hint="check `build.context` / `build.dockerfile` of the service",
                )
            ) from None
        buildkit = _buildkit(self._environ)
        with self._errors(what):
            stream = self._transport.stream(
                "POST",
                _build_path(request, dockerfile, buildkit=buildkit),
                params=None,
                timeout=_FOREVER,
                data=archive,
                content_type="application/x-tar",
            )
        try:
            yield from self._build_lines(what, stream, buildkit=buildkit)
        finally:
            stream.close()

    def _build_lines(
        self, what: str, stream: Iterable[Mapping[str, Any]], *, buildkit: bool
    ) -> Iterator[str]:
        from figlet.engine._buildkit import Progress

        progress = Progress()
        with self._errors(what):
            for chunk in stream:
                if chunk.get("error"):
                    raise EngineError(
                        Problem(
                            f"{what}: {str(chunk['error']).strip()}",
                            hint="fix the Dockerfile or the build context",
                        )
                    )
                if buildkit and chunk.get("id") == "moby.buildkit.trace":
                    yield from progress.lines(chunk.get("aux"))
                    continue
                text = str(chunk.get("stream") or chunk.get("status") or "")
                for line in text.splitlines():
                    if line.strip():
                        yield line

    def remove_image(self, reference: str) -> None:
        with self._errors(f"remove image {reference}"), suppress(NotFound):  # already gone: done
            self._transport.call("DELETE", f"/images/{segment(reference)}")

    # --- read one container --------------------------------------------------------
    def addresses(self, container_id: str) -> Mapping[str, str]:
        networks = (self._inspect(container_id).get("NetworkSettings") or {}).get("Networks")
        return {
            name: str(endpoint["IPAddress"])
            for name, endpoint in (networks or {}).items()
            if endpoint and endpoint.get("IPAddress")
        }

    def anonymous_volumes(self, container_id: str) -> Mapping[str, str]:
        """Container path -> name of each anonymous volume the container mounts (to hand to
        `container_request(anonymous_volumes=...)` when it is recreated)."""
        mounts = self._inspect(container_id).get("Mounts") or []
        return {
            str(mount["Destination"]): str(mount["Name"])
            for mount in mounts
            if mount.get("Type") == "volume"
            and re.fullmatch(_ANONYMOUS, str(mount.get("Name", "")))
        }

    def health(self, container_id: str) -> Health:
        return _health(self._inspect(container_id))

    def wait_health(self, container_id: str, timeout: float) -> Health:
        """Block until the container is healthy or unhealthy, stops, or `timeout` passes, by
        following the engine's health_status/die events (no polling); returns the last Health."""
        start = int(time.time())
        until = start + max(1, int(timeout + 0.999))
        what = f"follow events of container {short_ref(container_id)}"
        with self._errors(what):
            stream = self._transport.stream(
                "GET",
                "/events",
                params={
                    "since": start,
                    "until": until,
                    "filters": {"container": [container_id], "event": ["health_status", "die"]},
                },
                timeout=until - start + self._timeout,
            )
        try:
            state = self._inspect(container_id)
            health = _health(state)
            if health.status in ("healthy", "unhealthy") or not _running(state):
                return health
            with self._errors(what):
                for event in stream:
                    action = str(event.get("Action") or event.get("status") or "")
                    if action == "die" or action.startswith("health_status"):
                        health = self.health(container_id)
                        if health.status != "starting" or action == "die":
                            return health
            return self.health(container_id)
        finally:
            stream.close()

    def wait_exit(self, container_id: str, timeout: float | None = None) -> int:
        try:
            with self._errors(f"wait for container {short_ref(container_id)}"):
                response = self._transport.call(
                    "POST",
                    f"/containers/{segment(container_id)}/wait",
                    timeout=_FOREVER if timeout is None else timeout,
                )
        except EngineError as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, TimeoutError):
                raise EngineError(
                    Problem(
                        f"container {self._name_of(container_id)} did not exit within {timeout}s",
                        hint="raise the timeout or check the container's logs",
                    )
                ) from None
            raise
        return int((response or {}).get("StatusCode", -1))

    def write_hosts(self, container_id: str, content: str) -> None:
        name = self._name_of(container_id)
        what = f"update /etc/hosts of container {name}"
        with self._errors(what):
            try:
                raw, code = self._exec(container_id, ["sh", "-c", _WRITE_HOSTS, content])
                output = demux(raw)
            except ApiError as exc:
                if errors.classify(exc.status, exc.message) == "no executable":
                    raise _no_shell(name) from None
                raise
        if code in (126, 127) or b"executable file not found" in output:
            raise _no_shell(name)
        if code != 0:
            raise EngineError(
                Problem(f"{what}: exit code {code}: {output.decode(errors='replace').strip()}")
            )

    def run_command(
        self,
        container_id: str,
        command: Sequence[str],
        *,
        user: str = "",
        environment: Mapping[str, str] | None = None,
        workdir: str | None = None,
    ) -> tuple[bytes, int | None]:
        raw, code = self._run(container_id, command, user, environment, workdir)
        return demux(raw), code

    def run_command_split(
        self,
        container_id: str,
        command: Sequence[str],
        *,
        user: str = "",
        environment: Mapping[str, str] | None = None,
        workdir: str | None = None,
    ) -> tuple[bytes, bytes, int | None]:
        raw, code = self._run(container_id, command, user, environment, workdir)
        stdout, stderr = demux_streams(raw)
        return stdout, stderr, code

    def _run(
        self,
        container_id: str,
        command: Sequence[str],
        user: str,
        environment: Mapping[str, str] | None,
        workdir: str | None,
    ) -> tuple[bytes, int | None]:
        """A command's frames and exit code, with no time limit (`run_command`'s and
        `run_command_split`'s shared part)."""
        what = f"run {list(command)!r} in container {self._name_of(container_id)}"
        with self._errors(what):
            return self._exec(
                container_id,
                command,
                user=user,
                environment=environment,
                workdir=workdir,
                timeout=_FOREVER,
            )

    def container_logs(self, container_id: str, *, timestamps: bool = False) -> tuple[bytes, bytes]:
        path = query(
            f"/containers/{segment(container_id)}/logs",
            {"stdout": True, "stderr": True, "timestamps": timestamps},
        )
        with self._errors(f"read logs of container {short_ref(container_id)}"):
            raw = self._transport.raw("GET", path)
        return demux_streams(raw)

    def containers_labelled(self, label: str) -> Sequence[ObservedContainer]:
        with self._errors(f"list containers labelled {label}"):
            items = self._get("/containers/json", all=True, filters={"label": [label]})
        return [container_from_list(item) for item in items or ()]

    # --- ArchiveCopier -------------------------------------------------------------------
    def stat_path(self, container_id: str, path: str) -> PathStat | None:
        what = f"stat {path} in container {short_ref(container_id)}"
        with self._errors(what), suppress(NotFound):
            headers, _ = self._transport.fetch(
                "HEAD", f"/containers/{segment(container_id)}/archive", params={"path": path}
            )
            return _path_stat(headers)
        return None

    def get_archive(self, container_id: str, path: str) -> tuple[PathStat, bytes] | None:
        what = f"copy {path} from container {short_ref(container_id)}"
        with self._errors(what), suppress(NotFound):
            headers, archive = self._transport.fetch(
                "GET", f"/containers/{segment(container_id)}/archive", params={"path": path}
            )
            return _path_stat(headers), archive
        return None

    def put_archive(
        self, container_id: str, directory: str, archive: bytes, *, copy_uid_gid: bool = False
    ) -> None:
        what = f"copy to {directory} in container {short_ref(container_id)}"
        with self._errors(what):
            self._transport.call(
                "PUT",
                f"/containers/{segment(container_id)}/archive",
                params={
                    "path": directory,
                    "noOverwriteDirNonDir": True,
                    "copyUIDGID": copy_uid_gid,
                },
                data=archive,
                content_type="application/x-tar",
            )

    def read_hosts(self, container_id: str) -> str:
        """The container's current /etc/hosts (GET /containers/{id}/archive would need tar;
        `cat` through exec is simpler and works on the bind-mounted file)."""
        with self._errors(f"read /etc/hosts of container {short_ref(container_id)}"):
            raw, _ = self._exec(container_id, ["cat", "/etc/hosts"], inspect=False)
        return demux(raw).decode(errors="replace")

    def logs(
        self, container_id: str, *, follow: bool, tail: str = "all", timestamps: bool = False
    ) -> Iterator[bytes]:
        from figlet.engine.values.commands import LogRequest

        request = LogRequest(follow=follow, tail=tail, timestamps=timestamps)
        return iter(self.log_stream(container_id, request))

    # --- attach (run, exec) -----------------------------------------------------------
    def attach_container(
        self, container_id: str, *, stdin: bool, detach_keys: str | None = None
    ) -> RawStream:
        what = f"attach to container {short_ref(container_id)}"
        params = {"stream": True, "stdin": stdin, "stdout": True, "stderr": True}
        with self._errors(what):
            return self._hijack(
                "POST",
                f"/containers/{segment(container_id)}/attach",
                params={**params, "detachKeys": detach_keys},
            )

    def is_tty(self, container_id: str) -> bool:
        with self._errors(f"inspect container {short_ref(container_id)}"):
            found = self._container_json(container_id)
        return bool((found.get("Config") or {}).get("Tty"))

    def resize_container(self, container_id: str, rows: int, columns: int) -> None:
        with self._errors(f"resize the terminal of container {short_ref(container_id)}"):
            self._transport.call(
                "POST",
                f"/containers/{segment(container_id)}/resize",
                params={"h": rows, "w": columns},
            )

    def create_exec(self, container_id: str, request: ExecRequest) -> str:
        body: dict[str, Any] = {
            "AttachStdin": request.stdin,
            "AttachStdout": True,
            "AttachStderr": True,
            "Tty": request.tty,
            "Cmd": list(request.command),
            "Privileged": request.privileged,
        }
        if request.user:
            body["User"] = request.user
        if request.workdir:
            body["WorkingDir"] = request.workdir
        if request.environment:
            body["Env"] = [f"{key}={value}" for key, value in request.environment.items()]
        with self._errors(f"run {list(request.command)!r} in container {short_ref(container_id)}"):
            created = self._transport.call(
                "POST", f"/containers/{segment(container_id)}/exec", body=body
            )
        return str(created["Id"])

    def start_exec(self, exec_id: str, *, tty: bool, detach: bool = False) -> RawStream | None:
        path = f"/exec/{segment(exec_id)}/start"
        with self._errors("start the command"):
            if detach:
                self._transport.call("POST", path, body={"Detach": True, "Tty": tty})
                return None
            return self._hijack("POST", path, body={"Detach": False, "Tty": tty})

    def resize_exec(self, exec_id: str, rows: int, columns: int) -> None:
        with self._errors("resize the command's terminal"):
            self._transport.call(
                "POST", f"/exec/{segment(exec_id)}/resize", params={"h": rows, "w": columns}
            )

    def exec_exit_code(self, exec_id: str) -> int | None:
        with self._errors("read the command's exit code"):
            state = self._transport.call("GET", f"/exec/{segment(exec_id)}/json") or {}
        code = state.get("ExitCode")
        return None if code is None or state.get("Running") else int(code)

    def _hijack(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: Any = None
    ) -> RawStream:
        if not isinstance(self._transport, HttpTransport):
            raise EngineError(
                Problem(
                    f"{self.describe()}: attaching to a container needs a unix or tcp:// engine",
                    hint="use `-d` (detached), or reach the engine through its unix socket",
                )
            )
        return self._transport.hijack(method, path, params=params, body=body)

    # --- streams (LogStreamer) -----------------------------------------------------
    def log_stream(self, container_id: str, request: LogRequest) -> _LogStream:
        what = f"read logs of container {short_ref(container_id)}"
        params = {
            "stdout": True,
            "stderr": True,
            "follow": request.follow,
            "timestamps": request.timestamps,
            "since": request.since,
            "until": request.until,
            "tail": request.tail,
        }
        tty = self.is_tty(container_id)
        with self._errors(what):
            stream = self._transport.byte_stream(
                "GET",
                f"/containers/{segment(container_id)}/logs",
                params=params,
                timeout=_FOREVER if request.follow else self._timeout,
            )
        return _LogStream(self, what, stream, FrameReader(tty=tty))

    def container_events(self, project: str) -> _EventStream:
        what = f"follow the container events of project {project}"
        filters = {"type": ["container"], **_project_filter(project)}
        with self._errors(what):
            stream = self._transport.stream(
                "GET", "/events", params={"filters": filters}, timeout=_FOREVER
            )
        return _EventStream(self, what, stream)

    # --- inspect (ContainerInspector) ------------------------------------------------
    def top(self, container_id: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        with self._errors(f"list the processes of container {short_ref(container_id)}"):
            found = self._get(f"/containers/{segment(container_id)}/top") or {}
        titles = tuple(str(title) for title in found.get("Titles") or ())
        rows = tuple(tuple(str(cell) for cell in row) for row in found.get("Processes") or ())
        return titles, rows

    def image_details(self, image: str) -> ImageDetails | None:
        from figlet.engine.values.images import ImageDetails

        with self._errors(f"inspect image {image}"):
            try:
                found = self._get(f"/images/{segment(image)}/json") or {}
            except NotFound:
                return None
        return ImageDetails(
            id=str(found.get("Id") or ""),
            tags=tuple(str(tag) for tag in found.get("RepoTags") or ()),
            size=int(found.get("Size") or 0),
            created=str(found.get("Created") or ""),
        )

    # --- helpers -------------------------------------------------------------------
    def _get(self, path: str, **params: Any) -> Any:
        return self._transport.call("GET", path, params=params)

    def _exec(
        self,
        container_id: str,
        command: Sequence[str],
        *,
        user: str = "0",
        environment: Mapping[str, str] | None = None,
        workdir: str | None = None,
        inspect: bool = True,
        timeout: float | None = None,
    ) -> tuple[bytes, int | None]:
        """Run `command` in the container (as root unless `user` says otherwise); its output as
        the engine sent it (stdout and stderr frames: `demux` or `demux_streams` read them) and,
        with `inspect`, its exit code. `timeout`: how long the command may run (None: the
        engine's request timeout; math.inf: no limit)."""
        body: dict[str, Any] = {
            "AttachStdin": False,
            "AttachStdout": True,
            "AttachStderr": True,
            "Tty": False,
            "Cmd": list(command),
            "User": user,
        }
        if environment:
            body["Env"] = [f"{key}={value}" for key, value in environment.items()]
        if workdir:
            body["WorkingDir"] = workdir
        created = self._transport.call(
            "POST", f"/containers/{segment(container_id)}/exec", body=body
        )
        exec_id = segment(str(created["Id"]))
        output = self._transport.raw(
            "POST", f"/exec/{exec_id}/start", body={"Detach": False}, timeout=timeout
        )
        if not inspect:
            return output, None
        state = self._transport.call("GET", f"/exec/{exec_id}/json") or {}
        code = state.get("ExitCode")
        return output, None if code is None else int(code)

    def _sdk(self) -> Any:
        """The docker SDK's low-level client, made on first use (builds, pulls, logs)."""
        if self._sdk_client is None:
            self._sdk_client = _sdk_client(self._environ, self._where, self._timeout)
        return self._sdk_client

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """Translate HTTP/SDK failures inside the block into EngineErrors."""
        try:
            yield
        except EngineError:
            raise
        except ApiError as exc:
            raise errors.api_error(what, exc.status, exc.message) from exc
        except BadResponse as exc:
            raise errors.unreadable(self._where, what, exc) from exc
        except TimeoutError as exc:
            raise errors.no_answer(self._where, what) from exc
        except OSError as exc:
            raise errors.unreachable(self._where, exc) from exc
        except Exception as exc:
            if self._sdk_client is None:  # the SDK was never loaded: none of its errors
                raise
            api_error, unreachable = _sdk_failures()
            if isinstance(exc, api_error):
                status = getattr(exc, "status_code", None)
                raise errors.api_error(what, status, _explanation(exc)) from exc
            if isinstance(exc, unreachable):
                raise errors.unreachable(self._where, exc) from exc
            raise

    def _exists(self, path: str, what: str) -> bool:
        with self._errors(what):
            try:
                self._transport.call("GET", path)
            except NotFound:
                return False
        return True

    def _container_json(self, container_id: str) -> Any:
        """`GET /containers/{id}/json`, failures as the transport raises them."""
        return self._transport.call("GET", f"/containers/{segment(container_id)}/json")

    def _inspect(self, container_id: str) -> Mapping[str, Any]:
        with self._errors(f"inspect container {short_ref(container_id)}"):
            result: Mapping[str, Any] = self._container_json(container_id)
        return result

    def _name_taken(self, request: ContainerRequest, refused: ApiError) -> EngineError:
        """A create refused because the name is taken: `StateChanged` when the holder is of the
        same project or not readable yet (a create still in flight: the engine holds the name
        before the container can be inspected), else a plain error naming the holder."""
        what = f"create container {request.name}"
        as_answered = errors.api_error(what, refused.status, refused.message)
        holder = re.search(r'in use by container "?([0-9a-f]{12,64})', refused.message)
        if holder is None:
            return as_answered
        try:
            found = self._container_json(holder.group(1))
        except ApiError:
            return as_answered  # StateChanged: not inspectable yet
        theirs = ((found or {}).get("Config") or {}).get("Labels") or {}
        ours = request.body.get("Labels") or {}
        if theirs.get(L.PROJECT) == ours.get(L.PROJECT):
            return as_answered
        owner = theirs.get(L.PROJECT)
        return EngineError(
            Problem(
                f"{what}: the name is taken by container {holder.group(1)[:12]}, "
                + (f'of project "{owner}"' if owner else "which figlet did not make"),
                hint=f"rename or remove that container (`docker rm -f {request.name}`), "
                "or give the service another `container_name:`",
            ),
            refusal="name taken",
        )

    def _name_of(self, container_id: str) -> str:
        try:
            return str(self._container_json(container_id)["Name"]).lstrip("/")
        except Exception:  # gone or unreadable
            return short_ref(container_id)


def _sdk_client(env: Mapping[str, str], where: str, timeout: int) -> Any:
    """A docker SDK `APIClient` configured from `env` (imports the SDK)."""
    import docker

    try:
        kwargs = docker.utils.kwargs_from_env(environment=dict(env))
        return docker.APIClient(
            version=env.get("DOCKER_API_VERSION") or API_VERSION,
            timeout=timeout,
            max_pool_size=32,
            **kwargs,
        )
    except docker.errors.DockerException as exc:
        raise errors.unreachable(where, exc) from None


def _sdk_failures() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """The docker SDK's (API error, unreachable) exception types (the SDK is loaded)."""
    import docker.errors
    import requests.exceptions

    return (docker.errors.APIError,), (
        requests.exceptions.ConnectionError,
        requests.exceptions.Timeout,
        docker.errors.DockerException,
    )


def _project_filter(project: str) -> dict[str, list[str]]:
    return {"label": [f"{L.PROJECT}={project}"]}


def _explanation(exc: Exception) -> str:
    return str(getattr(exc, "explanation", None) or exc)


def _health(state: Mapping[str, Any]) -> Health:
    from figlet.engine.values.readings import Health

    health = (state.get("State") or {}).get("Health")
    if not health:
        return Health(status=None)
    log = health.get("Log") or []
    output = str(log[-1].get("Output") or "").strip() if log else ""
    return Health(status=health.get("Status"), last_output=output)


def _running(state: Mapping[str, Any]) -> bool:
    return bool((state.get("State") or {}).get("Running"))


def _no_shell(name: str) -> EngineError:
    return EngineError(
        Problem(
            f"cannot update /etc/hosts of container {name}: its image has no `sh`",
            hint="figlet rewrites link entries with `sh`; recreate the container instead "
            "(`figlet up --force-recreate <service>`) or use a network alias rather than `links:`",
        )
    )


class _LogStream:
    """A container's log as it arrives, frame headers removed, failures as EngineErrors."""

    def __init__(
        self, engine: DockerEngine, what: str, stream: ByteStream, frames: FrameReader
    ) -> None:
        self._engine = engine
        self._what = what
        self._stream = stream
        self._frames = frames

    def __iter__(self) -> Iterator[bytes]:
        with self._engine._errors(self._what):
            for chunk in self._stream:
                payload = self._frames.feed(chunk)
                if payload:
                    yield payload

    def close(self) -> None:
        self._stream.close()


class _EventStream:
    """The engine's container events as ContainerEvents, failures as EngineErrors."""

    def __init__(self, engine: DockerEngine, what: str, stream: Any) -> None:
        self._engine = engine
        self._what = what
        self._stream = stream
        self._closed = False

    def __iter__(self) -> Iterator[ContainerEvent]:
        try:
            with self._engine._errors(self._what):
                for event in self._stream:
                    yield container_event(event)
        except EngineError:
            if not self._closed:  # closed by another thread: the end, not a failure
                raise

    def close(self) -> None:
        self._closed = True
        self._stream.close()


def container_event(event: Mapping[str, Any]) -> ContainerEvent:
    """A GET /events document as a ContainerEvent."""
    from figlet.engine.values.readings import ContainerEvent

    actor = event.get("Actor") or {}
    nano = event.get("timeNano") or int(event.get("time") or 0) * 1_000_000_000
    return ContainerEvent(
        time_nano=int(nano),
        action=str(event.get("Action") or event.get("status") or ""),
        container_id=str(actor.get("ID") or event.get("id") or ""),
        attributes={str(k): str(v) for k, v in (actor.get("Attributes") or {}).items()},
    )


def _path_stat(headers: Mapping[str, str]) -> PathStat:
    """The X-Docker-Container-Path-Stat header (base64 JSON) of an archive answer."""
    import base64
    import json

    from figlet.engine.values.readings import PathStat

    try:
        found = json.loads(base64.b64decode(headers.get("x-docker-container-path-stat", "")))
        return PathStat(
            name=str(found["name"]),
            size=int(found.get("size", 0)),
            mode=int(found.get("mode", 0)),
            link_target=str(found.get("linkTarget", "")),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BadResponse(f"unreadable path stat header: {exc}") from exc


def _tar(files: Sequence[ContainerFile]) -> bytes:
    """An uncompressed tar of `files`, paths relative to the container's root."""
    import io
    import tarfile

    buffer = io.BytesIO()
    now = int(time.time())
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for file in files:
            info = tarfile.TarInfo(file.path.lstrip("/"))
            info.size = len(file.content)
            info.mode = file.mode
            info.uid, info.gid = file.uid, file.gid
            info.mtime = now
            archive.addfile(info, io.BytesIO(file.content))
    return buffer.getvalue()


def split_reference(reference: str) -> tuple[str, str]:
    """(repository, tag) of an image reference; tag "latest" when it names none (a registry's
    port is not a tag: `127.0.0.1:5000/x` is `127.0.0.1:5000/x`, "latest")."""
    name, colon, tag = reference.rpartition(":")
    if colon and "/" not in tag:
        return name, tag
    return reference, "latest"


def _buildkit(environ: Mapping[str, str]) -> bool:
    """BuildKit unless DOCKER_BUILDKIT says no (as the docker CLI and Compose read it)."""
    return environ.get("DOCKER_BUILDKIT", "1").strip().lower() not in ("0", "false", "no")


def _build_path(request: BuildRequest, dockerfile: str, *, buildkit: bool) -> str:
    """POST /build's path and query; the tags (`t`) and extra hosts repeat their parameter."""
    params: dict[str, Any] = {
        "dockerfile": dockerfile,
        "buildargs": dict(request.args) or None,
        "target": request.target,
        "labels": dict(request.labels) or None,
        "cachefrom": list(request.cache_from) or None,
        "networkmode": request.network,
        "shmsize": request.shm_size,
        "nocache": request.no_cache or None,
        "pull": request.pull or None,
        "platform": request.platform,
        "rm": True,
        "forcerm": True,
        "version": "2" if buildkit else None,
    }
    repeated = [("t", tag) for tag in (request.tag, *request.tags)]
    repeated += [("extrahosts", f"{host}:{ip}") for host, ip in request.extra_hosts.items()]
    return "&".join([query("/build", params), *(f"{key}={segment(v)}" for key, v in repeated)])


def short_ref(container: str) -> str:
    """A container reference for a message: an id shortened to 12 digits, a name as it is."""
    is_id = len(container) == 64 and all(c in "0123456789abcdef" for c in container)
    return container[:12] if is_id else container
