"""The swarm test lab: a multi-node Docker Swarm on one machine, made and removed by the tests.

A *link* is a network namespace `figlet-lab-<6 hex>` and a veth pair between it and the host,
with 10.214.N.1/24 on the host end and 10.214.N.2/24 in the namespace (N picked free). A
*worker* is a second dockerd started inside a link's namespace (`nsenter --net=...`; `ip netns
exec` would hide the cgroup mounts) with its own data root, exec root, pid file and socket
`unix:///run/<name>.sock`, joined to the local engine's swarm as a worker, with the local test
images loaded into it (`docker save | docker load`). Its namespace has one route besides its
own subnet: to the address the manager advertises, through the host end of its veth (a local
address of this machine is delivered locally: no IP forwarding, no NAT).

When the local engine is not a swarm manager yet, `ensure_manager` makes it one, advertising the
host end of a link of its own (the veth is only there to own a stable address), and the last
test session that used it leaves the swarm again.

Every lab is recorded in /run/figlet-lab/<name>.json before anything is made, with the pid (and
start time) of the test process that owns it. `clean_leftovers` removes whatever a dead owner
left (a test run killed half-way): its dockerd and the processes of its namespace, its node on
the manager, its mounts and data root, its namespace and veth. Everything happens under a file
lock, so that parallel pytest workers or sessions never pick the same names or addresses.

Only the lab's own objects are touched: the local engine is never left, drained or removed
unless the lab made it a manager itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import ipaddress
import json
import os
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

STATE_DIR = Path(os.environ.get("FIGLET_LAB_STATE", "/run/figlet-lab"))
DATA_DIR = Path(os.environ.get("FIGLET_LAB_DATA", "/var/lib/figlet-lab"))
LAB_PREFIX = "figlet-lab-"
NAMESPACE = "com.docker.stack.namespace"  # the stack an object belongs to (docker stack's label)
NODE_LABEL = "figlet-lab"  # node label on a lab worker: its lab name
SUBNET = "10.214"  # 10.214.N.0/24, one N per link
IMAGES = ("figlet-local/busybox:latest", "figlet-local/debian:bookworm")
MANAGER_STATE = "manager"  # kind of the state of a swarm the lab made on the local engine
WORKER_STATE = "worker"


class LabError(RuntimeError):
    """The lab could not be made; the message says what failed and what to do."""


def command(
    args: Sequence[str], *, timeout: float = 60, check: bool = True, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `args`, return the completed process (text); a failure raises LabError with stderr."""
    try:
        done = subprocess.run(
            list(args),
            input=None if stdin is None else stdin.decode(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as missing:
        raise LabError(
            f"{args[0]} is not installed; on Debian: apt-get install iproute2 util-linux docker.io"
        ) from missing
    except subprocess.TimeoutExpired as slow:
        raise LabError(f"`{' '.join(args)}` did not finish within {timeout:g} s") from slow
    if check and done.returncode != 0:
        raise LabError(f"`{' '.join(args)}` failed ({done.returncode}): {done.stderr.strip()}")
    return done


def docker(*args: str, host: str | None = None, timeout: float = 60, check: bool = True) -> str:
    """The docker CLI against the local engine, or `host` (unix://...); its stdout, stripped."""
    prefix = ["docker"] if host is None else ["docker", "-H", host]
    return command([*prefix, *args], timeout=timeout, check=check).stdout.strip()


def wait_for(what: str, ready: Callable[[], bool], *, timeout: float, every: float = 0.5) -> None:
    """Poll `ready` until it is true; LabError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise LabError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)


# --- ownership ---------------------------------------------------------------------------------


def _start_time(pid: int) -> str:
    """The start time of process `pid` (field 22 of /proc/PID/stat), "" when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def me() -> tuple[int, str]:
    """This process as an owner: (pid, start time)."""
    return os.getpid(), _start_time(os.getpid())


def alive(owner: Sequence[object]) -> bool:
    """Whether the owner (pid, start time) still runs (a reused pid has another start time)."""
    pid, started = int(str(owner[0])), str(owner[1])
    return bool(started) and _start_time(pid) == started


@contextlib.contextmanager
def locked() -> Iterator[None]:
    """The lab's lock (one file lock for every pytest process on this machine)."""
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    with open(STATE_DIR / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- links -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A namespace and a veth pair: `host_if` with `host_addr` here, `ns_if` with `ns_addr`
    in namespace `name`."""

    name: str
    index: int  # N of 10.214.N.0/24

    @property
    def tag(self) -> str:
        return self.name.removeprefix(LAB_PREFIX)

    @property
    def host_if(self) -> str:
        return f"fl{self.tag}a"

    @property
    def ns_if(self) -> str:
        return f"fl{self.tag}b"

    @property
    def host_addr(self) -> str:
        return f"{SUBNET}.{self.index}.1"

    @property
    def ns_addr(self) -> str:
        return f"{SUBNET}.{self.index}.2"

    @property
    def netns_path(self) -> str:
        return f"/run/netns/{self.name}"


@dataclass(frozen=True)
class State:
    """What /run/figlet-lab/<name>.json records of one lab."""

    name: str
    index: int
    kind: str  # MANAGER_STATE or WORKER_STATE
    owners: list[list[object]] = field(default_factory=list)  # [pid, start time] each
    node_id: str = ""

    @property
    def link(self) -> Link:
        return Link(self.name, self.index)

    @property
    def path(self) -> Path:
        return STATE_DIR / f"{self.name}.json"

    def save(self) -> None:
        self.path.write_text(json.dumps(asdict(self)))

    def live_owners(self) -> list[list[object]]:
        return [owner for owner in self.owners if alive(owner)]


def states() -> list[State]:
    """Every lab recorded on this machine."""
    found = []
    for path in sorted(STATE_DIR.glob(f"{LAB_PREFIX}*.json")):
        with contextlib.suppress(OSError, ValueError, TypeError):
            found.append(State(**json.loads(path.read_text())))
    return found


def _used_indexes() -> set[int]:
    """The N of every 10.214.N.x address on this machine and of every recorded lab."""
    used = {state.index for state in states()}
    for line in command(["ip", "-o", "-4", "addr", "show"]).stdout.splitlines():
        for word in line.split():
            if word.startswith(f"{SUBNET}."):
                used.add(int(word.split(".")[2]))
    return used


def new_state(kind: str) -> State:
    """A fresh lab name and subnet, recorded (owned by this process) before anything is made."""
    used = _used_indexes()
    free = [index for index in range(1, 255) if index not in used]
    if not free:
        raise LabError(f"no free {SUBNET}.N.0/24 subnet for a lab link")
    state = State(
        name=f"{LAB_PREFIX}{secrets.token_hex(3)}", index=free[0], kind=kind, owners=[list(me())]
    )
    state.save()
    return state


def make_link(link: Link, *, route_to: str = "") -> None:
    """Create the namespace and the veth pair, addresses up; `route_to`: an address (the
    manager's) the namespace reaches through the host end. Only that address: with a default
    route, the worker's image pulls (which a swarm task always tries first) would wait for a
    name server it cannot reach (2 x 10 s per task); without one they fail at once."""
    ns = ["ip", "-n", link.name]
    command(["ip", "netns", "add", link.name])
    command(["ip", "link", "add", link.host_if, "type", "veth", "peer", "name", link.ns_if])
    command(["ip", "link", "set", link.ns_if, "netns", link.name])
    command(["ip", "addr", "add", f"{link.host_addr}/24", "dev", link.host_if])
    command(["ip", "link", "set", link.host_if, "up"])
    command([*ns, "addr", "add", f"{link.ns_addr}/24", "dev", link.ns_if])
    command([*ns, "link", "set", link.ns_if, "up"])
    command([*ns, "link", "set", "lo", "up"])
    if route_to and route_to != link.host_addr:
        command([*ns, "route", "add", f"{route_to}/32", "via", link.host_addr])


def remove_link(link: Link) -> None:
    """Kill what runs in the namespace, delete it and the veth (either may be gone already)."""
    pids = command(["ip", "netns", "pids", link.name], check=False).stdout.split()
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid), signal.SIGKILL)
    command(["ip", "netns", "del", link.name], check=False)
    command(["ip", "link", "del", link.host_if], check=False)


# --- the manager -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SwarmInfo:
    """The local engine's swarm state (docker info .Swarm)."""

    state: str  # inactive, active, pending, error, locked
    node_id: str
    node_addr: str
    manager: bool


def swarm_info(host: str | None = None) -> SwarmInfo:
    raw = json.loads(docker("info", "--format", "{{json .Swarm}}", host=host))
    return SwarmInfo(
        state=str(raw.get("LocalNodeState") or "inactive"),
        node_id=str(raw.get("NodeID") or ""),
        node_addr=str(raw.get("NodeAddr") or ""),
        manager=bool(raw.get("ControlAvailable")),
    )


def ensure_manager() -> tuple[str, State | None]:
    """Make sure the local engine is an active swarm manager (call under `locked`). Returns its
    node id and, when the lab made (or shares) the swarm, the state whose owners include us."""
    info = swarm_info()
    made = [state for state in states() if state.kind == MANAGER_STATE]
    if info.state == "active" and info.manager:
        for state in made:
            if info.node_addr == state.link.host_addr:
                joined = State(**{**asdict(state), "owners": [*state.live_owners(), list(me())]})
                joined.save()
                return info.node_id, joined
        return info.node_id, None
    if info.state == "active":
        raise LabError(
            "the local engine is a swarm worker, not a manager: the swarm tests need a manager "
            "(`docker swarm leave` it, or point DOCKER_HOST at a manager)"
        )
    if info.state != "inactive":
        raise LabError(
            f"the local engine's swarm is {info.state!r}; fix it (`docker info`) and run again"
        )
    state = new_state(MANAGER_STATE)
    make_link(state.link)
    docker("swarm", "init", "--advertise-addr", state.link.host_addr)
    return swarm_info().node_id, state


def release_manager(state: State | None) -> None:
    """Drop this process from the owners of a lab-made swarm; the last one leaves the swarm and
    removes the link (call under `locked`)."""
    if state is None:
        return
    current = next((found for found in states() if found.name == state.name), state)
    pid, started = me()
    others = [owner for owner in current.live_owners() if owner != [pid, started]]
    if others:
        State(**{**asdict(current), "owners": others}).save()
        return
    remove_manager(current)


def remove_manager(state: State) -> None:
    """Leave the swarm the lab made (only if the engine still advertises the lab's address),
    remove its link and state."""
    info = swarm_info()
    if info.state != "inactive" and info.node_addr == state.link.host_addr:
        docker("swarm", "leave", "--force", timeout=60, check=False)
    remove_link(state.link)
    state.path.unlink(missing_ok=True)


# --- workers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Worker:
    """A second dockerd in a link's namespace, joined to the local swarm as a worker."""

    state: State
    node_id: str

    @property
    def name(self) -> str:
        return self.state.name

    @property
    def host(self) -> str:
        return socket_of(self.name)

    @property
    def address(self) -> str:
        return self.state.link.ns_addr


def socket_of(name: str) -> str:
    return f"unix:///run/{name}.sock"


def root_of(name: str) -> Path:
    return DATA_DIR / name


def start_worker(manager_addr: str, images: Sequence[str] = IMAGES) -> Worker:
    """Make a link, start a dockerd in it, join it to the local swarm (whose manager listens
    at `manager_addr`), label its node `figlet-lab=<name>` and load `images` into it. Call
    under `locked`; on a failure, whatever was made is removed again."""
    if ipaddress.ip_address(manager_addr).is_loopback:
        raise LabError(
            f"the local swarm's manager advertises {manager_addr}, which no other node can "
            "reach; `docker swarm leave --force` (the tests then make a swarm of their own) or "
            "init it with --advertise-addr on a routable address"
        )
    state = new_state(WORKER_STATE)
    try:
        make_link(state.link, route_to=manager_addr)
        _start_dockerd(state.name)
        host = socket_of(state.name)
        token = docker("swarm", "join-token", "-q", "worker")
        docker(
            "swarm", "join", "--token", token, "--advertise-addr", state.link.ns_addr,
            "--listen-addr", f"{state.link.ns_addr}:2377", f"{manager_addr}:2377",
            host=host, timeout=90,
        )  # fmt: skip
        node_id = swarm_info(host).node_id
        state = State(**{**asdict(state), "node_id": node_id})
        state.save()
        docker("node", "update", "--label-add", f"{NODE_LABEL}={state.name}", node_id)
        wait_for(
            f"node {node_id} ({state.name}) to be ready",
            lambda: docker("node", "inspect", "-f", "{{.Status.State}}", node_id) == "ready",
            timeout=60,
        )
        load_images(host, images)
    except BaseException:
        remove_worker(state)
        raise
    return Worker(state, node_id)


def _start_dockerd(name: str) -> None:
    root = root_of(name)
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "exec").mkdir(parents=True, exist_ok=True)
    args = [
        "nsenter", f"--net=/run/netns/{name}", "dockerd",
        "--data-root", str(root / "data"), "--exec-root", str(root / "exec"),
        "--pidfile", str(root / "dockerd.pid"), "-H", socket_of(name),
        "--iptables=false", "--bridge=none",
    ]  # fmt: skip
    with open(root / "dockerd.log", "ab") as log:
        process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
        )

    def answers() -> bool:
        if process.poll() is not None:
            tail = (root / "dockerd.log").read_text(errors="replace")[-2000:]
            raise LabError(f"the lab's dockerd exited ({process.returncode}):\n{tail}")
        return command(["docker", "-H", socket_of(name), "version"], check=False).returncode == 0

    wait_for(f"the lab's dockerd at {socket_of(name)}", answers, timeout=60)


def load_images(host: str, images: Sequence[str]) -> None:
    """`docker save IMAGES | docker -H HOST load`."""
    save = subprocess.Popen(["docker", "save", *images], stdout=subprocess.PIPE)
    try:
        load = subprocess.run(
            ["docker", "-H", host, "load", "-q"],
            stdin=save.stdout,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        if save.stdout is not None:
            save.stdout.close()
        save.wait(timeout=60)
    if save.returncode != 0 or load.returncode != 0:
        raise LabError(f"could not load {', '.join(images)} into {host}: {load.stderr.strip()}")


def remove_worker(state: State) -> None:
    """Everything of a worker lab, whatever state it is in: it leaves the swarm, its dockerd
    and every process in its namespace stop, its node is removed from the manager, its mounts,
    data root, namespace, veth, socket and state go."""
    host = socket_of(state.name)
    root = root_of(state.name)
    if Path(host.removeprefix("unix://")).exists():
        # its containers killed first: leaving (and stopping dockerd) would otherwise wait
        # out each task's stop grace period
        listed = command(["docker", "-H", host, "ps", "-aq"], timeout=30, check=False)
        if listed.stdout.split():
            command(["docker", "-H", host, "rm", "-f", *listed.stdout.split()], check=False)
        command(["docker", "-H", host, "swarm", "leave", "--force"], timeout=30, check=False)
    _stop_dockerd(root)
    for node_id in _lab_nodes(state):
        command(["docker", "node", "rm", "--force", node_id], timeout=30, check=False)
    remove_link(state.link)
    _kill_matching(str(root))
    _unmount_under(root)
    shutil.rmtree(root, ignore_errors=True)
    Path(host.removeprefix("unix://")).unlink(missing_ok=True)
    state.path.unlink(missing_ok=True)


def _stop_dockerd(root: Path) -> None:
    try:
        pid = int((root / "dockerd.pid").read_text().strip())
    except (OSError, ValueError):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while _runs(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _runs(pid: int) -> bool:
    """Whether `pid` runs; a zombie (our own child that exited) is reaped and does not."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    if state != "Z":
        return True
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    return False


def _lab_nodes(state: State) -> list[str]:
    """The manager's nodes of this lab: its recorded id and any node labelled with its name."""
    found = {state.node_id} if state.node_id else set()
    listed = command(
        ["docker", "node", "ls", "-q", "--filter", f"node.label={NODE_LABEL}={state.name}"],
        check=False,
    )
    found.update(listed.stdout.split())
    return sorted(found)


def _kill_matching(text: str) -> None:
    """SIGKILL every process whose command line mentions `text` (the lab's containerd and
    shims name its exec root)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if text in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode():
                os.kill(int(entry.name), signal.SIGKILL)


def _unmount_under(root: Path) -> None:
    """Lazily unmount everything mounted under `root`, deepest first."""
    prefix = f"{root}/"
    with open("/proc/mounts") as mounts:
        points = [line.split()[1] for line in mounts if line.split()[1].startswith(prefix)]
    for point in sorted(points, key=len, reverse=True):
        command(["umount", "-l", point], check=False)


@dataclass(frozen=True)
class Cluster:
    """A two-node swarm: the local manager and a lab worker (what `swarm_cluster` yields)."""

    manager_id: str
    worker_id: str
    worker_host: str  # unix:///run/<lab>.sock: the worker's own engine
    worker_addr: str  # the worker's address (in its namespace)
    lab: str  # the lab's name; also the worker's node label figlet-lab=<lab>

    @property
    def node_ids(self) -> tuple[str, str]:
        return (self.manager_id, self.worker_id)


# --- leftovers ---------------------------------------------------------------------------------


def clean_leftovers() -> list[str]:
    """Remove what dead owners left (call under `locked`); returns the names of what was
    cleaned, for the log."""
    cleaned = []
    known = set()
    for state in states():
        known.add(state.name)
        if state.live_owners():
            continue
        if state.kind == WORKER_STATE:
            remove_worker(state)
        else:
            remove_manager(state)
        cleaned.append(state.name)
    netns = command(["ip", "netns", "list"], check=False).stdout.split()
    for name in netns:
        if name.startswith(LAB_PREFIX) and name not in known:
            remove_worker(State(name=name, index=0, kind=WORKER_STATE))
            cleaned.append(name)
    if DATA_DIR.is_dir():
        for root in DATA_DIR.iterdir():
            if root.name.startswith(LAB_PREFIX) and root.name not in known | set(cleaned):
                remove_worker(State(name=root.name, index=0, kind=WORKER_STATE))
                cleaned.append(root.name)
    _remove_stray_nodes(known - set(cleaned))
    return cleaned


def _remove_stray_nodes(live: set[str]) -> None:
    """Nodes labelled as lab workers whose lab is not live any more (their dockerd is gone)."""
    if swarm_info().state != "active":
        return
    listed = docker("node", "ls", "-q", "--filter", f"node.label={NODE_LABEL}", check=False)
    for node_id in listed.split():
        template = f'{{{{index .Spec.Labels "{NODE_LABEL}"}}}}'
        name = docker("node", "inspect", "-f", template, node_id)
        if name not in live:
            command(["docker", "node", "rm", "--force", node_id], timeout=30, check=False)
