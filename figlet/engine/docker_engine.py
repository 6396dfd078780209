"""`DockerEngine`: the Engine protocol over the Docker Engine API (docker SDK, low-level client).

The docker SDK costs ~0.2 s to import, so it is imported only when an engine is made
(`DockerEngine.from_env`), never when this module is imported.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tarfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from figlet import labels as L
from figlet.engine import _docker_errors as errors
from figlet.engine._docker_parse import (
    container_from_list,
    network_from_list,
    normalize_reference,
    volume_from_list,
)
from figlet.engine.base import (
    BuildRequest,
    ContainerFile,
    ContainerRequest,
    Health,
    NetworkRequest,
    VolumeRequest,
)
from figlet.errors import EngineError, Problem
from figlet.observed import ObservedContainer, ObservedNetwork, ObservedVolume

# The API version figlet speaks; pinned so that no extra /version request is needed.
API_VERSION = "1.41"
DEFAULT_SOCKET = "unix:///var/run/docker.sock"
_T = TypeVar("_T")
_WRITE_HOSTS = 'printf %s "$0" > /etc/hosts'
_ANONYMOUS = re.compile(r"[0-9a-f]{64}")


class DockerEngine:
    """A Docker-API engine reached through the docker SDK's low-level `APIClient`."""

    def __init__(self, client: Any, where: str) -> None:
        import docker.errors
        import requests.exceptions

        self._client = client
        self._where = where
        self._not_found: type[Exception] = docker.errors.NotFound
        self._api_error: type[Exception] = docker.errors.APIError
        self._unreachable: tuple[type[Exception], ...] = (
            requests.exceptions.ConnectionError,
            requests.exceptions.Timeout,
            docker.errors.DockerException,
            OSError,
        )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, timeout: int = 120
    ) -> DockerEngine:
        """An engine configured like the docker CLI: DOCKER_HOST, DOCKER_TLS_VERIFY,
        DOCKER_CERT_PATH, DOCKER_API_VERSION. Makes no request."""
        import docker

        env = dict(os.environ if environ is None else environ)
        where = env.get("DOCKER_HOST") or DEFAULT_SOCKET
        try:
            kwargs = docker.utils.kwargs_from_env(environment=env)
            client = docker.APIClient(
                version=env.get("DOCKER_API_VERSION") or API_VERSION,
                timeout=timeout,
                max_pool_size=32,
                **kwargs,
            )
        except docker.errors.DockerException as exc:
            raise errors.unreachable(where, exc) from None
        return cls(client, where)

    def describe(self) -> str:
        return f"Docker engine at {self._where}"

    def close(self) -> None:
        self._client.close()

    # --- observe -------------------------------------------------------------------
    def list_containers(self, project: str) -> Sequence[ObservedContainer]:
        with self._errors(f"list containers of project {project}"):
            items = self._client.containers(all=True, filters={"label": _project_label(project)})
        return [container_from_list(item) for item in items]

    def list_running_containers(self) -> Sequence[ObservedContainer]:
        """Every running container on the engine, any project or none (preflight reads their
        published ports)."""
        with self._errors("list running containers"):
            items = self._client.containers()
        return [container_from_list(item) for item in items]

    def list_networks(self, project: str) -> Sequence[ObservedNetwork]:
        with self._errors(f"list networks of project {project}"):
            items = self._client.networks(filters={"label": _project_label(project)})
        return [network_from_list(item) for item in items]

    def list_volumes(self, project: str) -> Sequence[ObservedVolume]:
        with self._errors(f"list volumes of project {project}"):
            response = self._client.volumes(filters={"label": _project_label(project)})
        return [volume_from_list(item) for item in (response or {}).get("Volumes") or ()]

    def image_ids(self, references: Sequence[str]) -> Mapping[str, str]:
        if not references:
            return {}
        with self._errors("list images"):
            images = self._client.images()
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
        return self._exists(self._client.inspect_network, name, f"inspect network {name}")

    def volume_exists(self, name: str) -> bool:
        return self._exists(self._client.inspect_volume, name, f"inspect volume {name}")

    # --- act -----------------------------------------------------------------------
    def create_network(self, request: NetworkRequest) -> str:
        body = request.body
        with self._errors(f"create network {request.name}"):
            response = self._client.create_network(
                request.name,
                driver=body.get("Driver"),
                options=body.get("Options"),
                ipam=body.get("IPAM"),
                check_duplicate=body.get("CheckDuplicate"),
                internal=bool(body.get("Internal", False)),
                labels=body.get("Labels"),
                enable_ipv6=bool(body.get("EnableIPv6", False)),
                attachable=body.get("Attachable"),
            )
        return str(response["Id"])

    def remove_network(self, name: str) -> None:
        with self._errors(f"remove network {name}"):
            self._ignore_missing(self._client.remove_network, name)

    def create_volume(self, request: VolumeRequest) -> None:
        body = request.body
        with self._errors(f"create volume {request.name}"):
            self._client.create_volume(
                request.name,
                driver=body.get("Driver"),
                driver_opts=body.get("DriverOpts"),
                labels=body.get("Labels"),
            )

    def remove_volume(self, name: str) -> None:
        with self._errors(f"remove volume {name}"):
            self._ignore_missing(self._client.remove_volume, name)

    def create_container(self, request: ContainerRequest) -> str:
        image = str(request.body.get("Image", ""))
        with self._errors(f"create container {request.name}"):
            try:
                response = self._client.create_container_from_config(
                    dict(request.body), request.name
                )
            except self._not_found as exc:
                if "image" in str(exc).lower():
                    raise errors.image_missing(image) from None
                raise
        container_id = str(response["Id"])
        for network, endpoint in request.extra_networks.items():
            ipam = endpoint.get("IPAMConfig") or {}
            with self._errors(f"connect container {request.name} to network {network}"):
                self._client.connect_container_to_network(
                    container_id,
                    network,
                    ipv4_address=ipam.get("IPv4Address"),
                    ipv6_address=ipam.get("IPv6Address"),
                    aliases=list(endpoint.get("Aliases") or ()) or None,
                    links=endpoint.get("Links"),
                    link_local_ips=ipam.get("LinkLocalIPs"),
                    driver_opt=endpoint.get("DriverOpts"),
                )
        if request.files:
            with self._errors(f"copy files into container {request.name}"):
                self._client.put_archive(container_id, "/", _tar(request.files))
        return container_id

    def start_container(self, container_id: str) -> None:
        with self._errors(f"start container {container_id[:12]}"):
            try:
                self._client.start(container_id)
            except self._api_error as exc:
                name = self._name_of(container_id)
                explanation = _explanation(exc)
                taken = errors.port_taken(name, explanation)
                if taken is not None:
                    raise taken from None
                raise errors.api_error(f"cannot start container {name}", explanation) from None

    def stop_container(self, container_id: str, timeout: int | None = None) -> None:
        with self._errors(f"stop container {container_id[:12]}"):
            self._ignore_missing(self._client.stop, container_id, timeout=timeout)

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
        with self._errors(f"remove container {container_id[:12]}"):
            try:
                self._client.remove_container(container_id, force=force, v=volumes)
            except self._not_found:
                return
            except self._api_error as exc:
                if "already in progress" not in _explanation(exc):
                    raise
        for volume in anonymous.values():
            # an error here means another container still uses it: that one keeps it
            with contextlib.suppress(self._api_error):
                self._ignore_missing(self._client.remove_volume, volume)

    def pull_image(self, reference: str) -> None:
        with self._errors(f"pull image {reference}"):
            try:
                self._client.pull(reference)
            except self._api_error as exc:
                raise errors.image_missing(reference, _explanation(exc)) from None

    def build_image(self, request: BuildRequest) -> Iterator[str]:
        """Build `request.context` and tag it; yields the builder's output lines."""
        what = f"build image {request.tag}"
        with self._errors(what):
            stream = self._client.build(
                path=request.context,
                tag=request.tag,
                dockerfile=request.dockerfile,
                buildargs=dict(request.args) or None,
                target=request.target,
                labels=dict(request.labels) or None,
                rm=True,
                decode=True,
            )
        return self._build_lines(what, stream)

    def _build_lines(self, what: str, stream: Iterator[Mapping[str, Any]]) -> Iterator[str]:
        with self._errors(what):
            for chunk in stream:
                if chunk.get("error"):
                    raise EngineError(
                        Problem(
                            f"{what}: {str(chunk['error']).strip()}",
                            hint="fix the Dockerfile or the build context; images can only "
                            "come from local files here (no registry)",
                        )
                    )
                text = str(chunk.get("stream") or chunk.get("status") or "")
                for line in text.splitlines():
                    if line.strip():
                        yield line

    def remove_image(self, reference: str) -> None:
        with self._errors(f"remove image {reference}"):
            self._ignore_missing(self._client.remove_image, reference)

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
            if mount.get("Type") == "volume" and _ANONYMOUS.fullmatch(str(mount.get("Name", "")))
        }

    def health(self, container_id: str) -> Health:
        return _health(self._inspect(container_id))

    def wait_health(self, container_id: str, timeout: float) -> Health:
        """Block until the container is healthy or unhealthy, stops, or `timeout` passes, by
        following the engine's health_status/die events (no polling); returns the last Health."""
        start = int(time.time())
        with self._errors(f"follow events of container {container_id[:12]}"):
            stream = self._client.events(
                since=start,
                until=start + max(1, int(timeout + 0.999)),
                filters={"container": container_id, "event": ["health_status", "die"]},
                decode=True,
            )
        try:
            state = self._inspect(container_id)
            health = _health(state)
            if health.status in ("healthy", "unhealthy") or not _running(state):
                return health
            with self._errors(f"follow events of container {container_id[:12]}"):
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
        import requests.exceptions

        try:
            with self._errors(f"wait for container {container_id[:12]}"):
                response = self._client.wait(container_id, timeout=timeout)
        except EngineError as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, requests.exceptions.Timeout | requests.exceptions.ConnectionError):
                raise EngineError(
                    Problem(
                        f"container {self._name_of(container_id)} did not exit within {timeout}s",
                        hint="raise the timeout or check the container's logs",
                    )
                ) from None
            raise
        return int(response.get("StatusCode", -1))

    def write_hosts(self, container_id: str, content: str) -> None:
        name = self._name_of(container_id)
        what = f"update /etc/hosts of container {name}"
        with self._errors(what):
            try:
                exec_id = self._client.exec_create(
                    container_id, ["sh", "-c", _WRITE_HOSTS, content], user="0"
                )["Id"]
                output = self._client.exec_start(exec_id)
                code = self._client.exec_inspect(exec_id).get("ExitCode")
            except self._api_error as exc:
                if "executable file not found" in _explanation(exc):
                    raise _no_shell(name) from None
                raise
        if code in (126, 127) or b"executable file not found" in (output or b""):
            raise _no_shell(name)
        if code != 0:
            raise EngineError(
                Problem(f"{what}: exit code {code}: {output.decode(errors='replace').strip()}")
            )

    def read_hosts(self, container_id: str) -> str:
        """The container's current /etc/hosts (GET /containers/{id}/archive would need tar;
        `cat` through exec is simpler and works on the bind-mounted file)."""
        with self._errors(f"read /etc/hosts of container {container_id[:12]}"):
            exec_id = self._client.exec_create(container_id, ["cat", "/etc/hosts"], user="0")["Id"]
            output = self._client.exec_start(exec_id)
        return bytes(output or b"").decode(errors="replace")

    def logs(self, container_id: str, *, follow: bool, tail: str = "all") -> Iterator[bytes]:
        with self._errors(f"read logs of container {container_id[:12]}"):
            stream = self._client.logs(container_id, stream=True, follow=follow, tail=tail)
        return _guard_stream(self, f"read logs of container {container_id[:12]}", stream)

    # --- helpers -------------------------------------------------------------------
    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """Translate SDK/HTTP failures inside the block into EngineErrors."""
        try:
            yield
        except EngineError:
            raise
        except self._api_error as exc:
            raise errors.api_error(what, _explanation(exc)) from exc
        except self._unreachable as exc:
            raise errors.unreachable(self._where, exc) from exc

    def _ignore_missing(self, call: Callable[..., _T], *args: Any, **kwargs: Any) -> _T | None:
        try:
            return call(*args, **kwargs)
        except self._not_found:
            return None

    def _exists(self, call: Callable[[str], Any], name: str, what: str) -> bool:
        with self._errors(what):
            try:
                call(name)
            except self._not_found:
                return False
        return True

    def _inspect(self, container_id: str) -> Mapping[str, Any]:
        with self._errors(f"inspect container {container_id[:12]}"):
            result: Mapping[str, Any] = self._client.inspect_container(container_id)
        return result

    def _name_of(self, container_id: str) -> str:
        try:
            return str(self._client.inspect_container(container_id)["Name"]).lstrip("/")
        except Exception:
            return container_id[:12]


def _project_label(project: str) -> str:
    return f"{L.PROJECT}={project}"


def _explanation(exc: Exception) -> str:
    return str(getattr(exc, "explanation", None) or exc)


def _health(state: Mapping[str, Any]) -> Health:
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


def _guard_stream(engine: DockerEngine, what: str, stream: Iterator[bytes]) -> Iterator[bytes]:
    with engine._errors(what):
        yield from stream


def _tar(files: Sequence[ContainerFile]) -> bytes:
    """An uncompressed tar of `files`, paths relative to the container's root."""
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
