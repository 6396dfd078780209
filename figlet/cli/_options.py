"""Options that several commands share, each declared once: a function that adds it to a
command's parser. The `dest` of each is the keyword the command bodies take."""

from __future__ import annotations

from argparse import REMAINDER, ArgumentParser, BooleanOptionalAction


def services(parser: ArgumentParser, help: str = "Services (default: all).") -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help=help)


def scale(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--scale", action="append", metavar="SERVICE=NUM", help="Set a service's replicas."
    )


def recreate_policy(parser: ArgumentParser) -> None:
    """--force-recreate, --no-recreate (`up`, `plan`, `create`)."""
    parser.add_argument(
        "--force-recreate", action="store_true", help="Recreate even if nothing changed."
    )
    parser.add_argument(
        "--no-recreate", action="store_true", help="Never recreate existing containers."
    )


def recreate(parser: ArgumentParser) -> None:
    """--force-recreate, --no-recreate, --no-start, --remove-orphans (`up` and `plan`)."""
    recreate_policy(parser)
    parser.add_argument("--no-start", action="store_true", help="Create, don't start.")
    remove_orphans(parser)


def detach(parser: ArgumentParser, help: str) -> None:
    """-d / --detach (`up`, `run`, `exec`)."""
    parser.add_argument("-d", "--detach", action="store_true", help=help)


def no_deps(parser: ArgumentParser, help: str) -> None:
    """--no-deps (`up`, `run`, `plan`, `restart`): the named services only."""
    parser.add_argument("--no-deps", action="store_true", help=help)


def wait(parser: ArgumentParser, help: str) -> None:
    """--wait (`up`, `deploy`, `undeploy`)."""
    parser.add_argument("--wait", action="store_true", help=help)


def log_lines(parser: ArgumentParser, *, short_timestamps: bool) -> None:
    """--timestamps, --no-color, --no-log-prefix: how containers' output is printed (`logs`,
    and `up` while attached). `logs` also takes -t for --timestamps (`up`'s -t is --timeout)."""
    short = ("-t",) if short_timestamps else ()
    parser.add_argument(
        *short, "--timestamps", action="store_true", help="Show the engine's time on each line."
    )
    parser.add_argument("--no-color", action="store_true", help="No colored prefixes.")
    parser.add_argument(
        "--no-log-prefix", action="store_true", help="No container name in front of each line."
    )


def plan_format(parser: ArgumentParser, help: str) -> None:
    """--format text|json (`plan`, `deploy`): how a plan is printed."""
    parser.add_argument("--format", dest="fmt", default="text", metavar="FORMAT", help=help)


def remove_orphans(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--remove-orphans", action="store_true", help="Remove containers of removed services."
    )


def timeout(parser: ArgumentParser) -> None:
    parser.add_argument(
        "-t", "--timeout", type=int, metavar="SECONDS", help="Seconds to wait for a stop."
    )


def dry_run(parser: ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="Print the plan, change nothing.")


def parallel(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--parallel", type=int, metavar="N", help="Operations at once (default 16)."
    )


def progress(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--progress", default="auto", metavar="MODE", help="auto, tty, plain, json or quiet."
    )


def build(parser: ArgumentParser) -> None:
    parser.add_argument("--build", action=BooleanOptionalAction, help="Build images first / never.")


def pull(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--pull",
        metavar="POLICY",
        help="Pull images: always, missing, never. Default: $FIGLET_PULL when set, else "
        "each service's pull_policy (missing).",
    )


def environment(parser: ArgumentParser) -> None:
    """-e KEY=VAL (`run`, `exec`)."""
    parser.add_argument(
        "-e", "--env", action="append", metavar="KEY=VAL", help="Set a variable (repeatable)."
    )


def workdir(parser: ArgumentParser) -> None:
    parser.add_argument("-w", "--workdir", metavar="DIR", help="Working directory inside.")


def user(parser: ArgumentParser) -> None:
    parser.add_argument("-u", "--user", metavar="USER", help="Run as this user (name or uid).")


def no_tty(parser: ArgumentParser) -> None:
    """-T / --no-TTY (`run`, `exec`): no pseudo-terminal even when stdin is one."""
    parser.add_argument(
        "-T",
        "--no-TTY",
        dest="no_tty",
        action="store_true",
        help="No pseudo-TTY (default: one when stdin is a terminal).",
    )


def index(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--index", type=int, metavar="N", help="Replica N of the service (default: all / 1)."
    )


def service_and_command(parser: ArgumentParser, service_help: str) -> None:
    """SERVICE, then COMMAND...: the rest of the line, as it is (`run`, `exec`; their parsers are
    not intermixed, so options end at SERVICE)."""
    parser.add_argument("service", metavar="SERVICE", help=service_help)
    parser.add_argument(
        "command", nargs=REMAINDER, metavar="COMMAND", help="Command and arguments."
    )


def swarm(parser: ArgumentParser, help: str) -> None:
    """--swarm (`ps`, `plan`): the project's stack on a Docker Swarm, not its containers."""
    parser.add_argument("--swarm", action="store_true", help=help)


def swarm_timeout(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="Seconds to wait for tasks (--wait, and each dependency). Default 300.",
    )
