"""Operation ids, made here and nowhere else: "<kind>:<what>", unique in a plan.

The planners name operations with these functions, and whoever needs an operation of the plan
(the executor finishing an ADDRESS early, `api.wait_ready`, tests) asks the same function
rather than spelling or matching the id itself.
"""

from __future__ import annotations


def pull(reference: str) -> str:
    return f"pull:{reference}"


def build(reference: str) -> str:
    return f"build:{reference}"


def network(name: str) -> str:
    return f"network:{name}"


def volume(name: str) -> str:
    return f"volume:{name}"


def create(container: str) -> str:
    return f"create:{container}"


def start(container: str) -> str:
    return f"start:{container}"


def recreate(container: str) -> str:
    return f"recreate:{container}"


def wait(service: str, condition: str | None = None) -> str:
    """The wait on `service`; `condition` names a second wait on it with another condition."""
    return f"wait:{service}" if condition is None else f"wait:{service}:{condition}"


def hosts(container: str) -> str:
    return f"hosts:{container}"


def hook(when: str, container: str) -> str:
    """The `post_start` / `pre_stop` hooks of one container."""
    return f"{when.replace('_', '-')}:{container}"


def address(container: str) -> str:
    return f"address:{container}"


def stop(container: str) -> str:
    return f"stop:{container}"


def restart(container: str) -> str:
    return f"restart:{container}"


def kill(container: str) -> str:
    return f"kill:{container}"


def pause(container: str) -> str:
    return f"pause:{container}"


def unpause(container: str) -> str:
    return f"unpause:{container}"


def remove(container: str) -> str:
    return f"remove:{container}"


def remove_network(name: str, network_id: str | None = None) -> str:
    """The removal of network `name`; `network_id` tells apart two networks of one name."""
    return f"remove-network:{name}@{network_id[:12]}" if network_id else f"remove-network:{name}"


def remove_volume(name: str) -> str:
    return f"remove-volume:{name}"


def remove_image(reference: str) -> str:
    return f"remove-image:{reference}"


# --- Swarm (`deploy` / `undeploy`) ---------------------------------------------------------
def service(name: str) -> str:
    """The create or update of Swarm service `name`."""
    return f"service:{name}"


def wait_service(name: str, condition: str) -> str:
    return f"wait-service:{name}:{condition}"


def remove_service(name: str) -> str:
    return f"remove-service:{name}"


def swarm_object(kind: str, name: str) -> str:
    """The create of a secret or config."""
    return f"{kind}:{name}"


def remove_swarm_object(kind: str, name: str) -> str:
    return f"remove-{kind}:{name}"
