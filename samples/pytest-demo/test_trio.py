"""trio through figlet's pytest plugin: the counter behind the load balancer, and Redis keeping
it while the web replicas restart."""

from __future__ import annotations

from visits import visit

from figlet.testing.plugin import FigletStack


def test_the_counter_increments_through_the_load_balancer(trio: FigletStack) -> None:
    first = visit(trio)[1]
    seen = [visit(trio) for _ in range(6)]
    assert [count for _, count in seen] == list(range(first + 1, first + 7))
    # nginx balances over every replica
    assert {replica for replica, _ in seen} == {f"{trio.project}-web-{n}" for n in (1, 2, 3)}


def test_every_replica_reaches_redis_through_its_link(trio: FigletStack) -> None:
    for number in (1, 2, 3):
        ran = trio.exec("web", ["python3", "/app/app.py", "--check"], number=number)
        assert ran.ok, ran.output
    assert trio.exec("redis", ["redis-cli", "ping"]).output.strip() == "PONG"


def test_the_count_survives_a_restart_of_web(own_trio: FigletStack) -> None:
    before = [visit(own_trio)[1] for _ in range(3)]
    assert before == [1, 2, 3]

    engine = own_trio.api.engine
    webs = [c for c in own_trio.ps() if c.service == "web"]
    for container in webs:
        engine.stop_container(container.id, timeout=5)
    assert all(c.state == "exited" for c in own_trio.ps() if c.service == "web")
    # `up` starts the stopped replicas again (same containers) and waits until they are healthy
    own_trio.api.up(wait=True)
    assert [c.id for c in own_trio.ps() if c.service == "web"] == [c.id for c in webs]

    after = [visit(own_trio)[1] for _ in range(3)]
    assert after == [4, 5, 6]  # Redis kept the count: it was not restarted
