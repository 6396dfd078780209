"""Progress displays and small CLI helpers of the up/down/ps commands (pure, no engine)."""

from __future__ import annotations

import io
import json

import pytest

from figlet.cli._arguments import parse_scale
from figlet.cli._ps import table
from figlet.display import make_sink, resolve_mode
from figlet.errors import FigletError
from figlet.events import (
    Message,
    NullSink,
    OperationDone,
    OperationFailed,
    OperationSkipped,
    OperationStarted,
)
from figlet.observe.state import ObservedContainer
from figlet.plan import Action


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_auto_is_live_on_a_terminal_and_plain_on_a_pipe() -> None:
    assert resolve_mode("auto", Tty()) == "tty"
    assert resolve_mode("auto", io.StringIO()) == "plain"
    assert resolve_mode("json", Tty()) == "json"
    with pytest.raises(FigletError, match='unknown progress mode "fancy"'):
        resolve_mode("fancy", io.StringIO())


def test_plain_lines_read_like_compose() -> None:
    out = io.StringIO()
    sink = make_sink("plain", out)
    sink.emit(OperationStarted("start:t-web-1", Action.START, "t-web-1", "web", 10.0))
    sink.emit(OperationDone("start:t-web-1", Action.START, "t-web-1", "web", 10.5))
    sink.emit(OperationStarted("network:t_default", Action.REMOVE_NETWORK, "t_default", None, 11))
    sink.emit(
        OperationFailed(
            "network:t_default", Action.REMOVE_NETWORK, "t_default", None, 12, "busy\n  hint"
        )
    )
    sink.emit(OperationSkipped("create:t-db-1", Action.CREATE, "t-db-1", "db", 12, "x failed"))
    sink.emit(Message("Image t-app  Built", 13))
    sink.close()
    assert out.getvalue().splitlines() == [
        "Container t-web-1  Starting",
        "Container t-web-1  Started 0.5s",
        "Network t_default  Removing",
        "Network t_default  Error: busy",
        "Container t-db-1  Skipped (x failed)",
        "Image t-app  Built",
    ]


def test_json_lines_carry_every_field() -> None:
    out = io.StringIO()
    sink = make_sink("json", out)
    sink.emit(OperationDone("remove:t-web-1", Action.REMOVE, "t-web-1", "web", 3.5, "already gone"))
    line = json.loads(out.getvalue())
    assert line == {
        "event": "done",
        "op_id": "remove:t-web-1",
        "action": "remove",
        "target": "t-web-1",
        "service": "web",
        "at": 3.5,
        "detail": "already gone",
    }


def test_quiet_prints_nothing_and_the_live_view_renders_rows() -> None:
    assert isinstance(make_sink("quiet", io.StringIO()), NullSink)
    out = Tty()
    sink = make_sink("tty", out, title="Running")
    sink.emit(OperationStarted("create:t-web-1", Action.CREATE, "t-web-1", "web", 1.0))
    sink.emit(OperationDone("create:t-web-1", Action.CREATE, "t-web-1", "web", 1.2))
    sink.close()
    assert "Container t-web-1" in out.getvalue() and "Created" in out.getvalue()


def test_parse_scale_reports_every_bad_entry() -> None:
    assert parse_scale(["web=3", "db=0"]) == {"web": 3, "db": 0}
    with pytest.raises(FigletError) as caught:
        parse_scale(["web", "db=-1", "ok=2"])
    message = caught.value.render()
    assert '"web"' in message and '"db=-1"' in message and "ok=2" not in message
    assert caught.value.exit_code == 2


def test_ps_table_lists_replicas_with_state_and_ports() -> None:
    def container(number: int, state: str, ports: tuple[str, ...] = ()) -> ObservedContainer:
        return ObservedContainer(
            id=f"c{number}",
            name=f"t-web-{number}",
            service="web",
            number=number,
            state=state,
            config_hash="h",
            image="img",
            image_id="sha",
            ports=ports,
            exit_code=0 if state == "exited" else None,
        )

    text = table([container(1, "running", ("0.0.0.0:8080->80/tcp",)), container(2, "exited")])
    assert text.splitlines() == [
        "NAME      IMAGE   SERVICE   STATUS       PORTS",
        "t-web-1   img     web       running      0.0.0.0:8080->80/tcp",
        "t-web-2   img     web       exited (0)",
    ]
