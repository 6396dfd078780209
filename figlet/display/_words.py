"""How an operation reads in progress output: "Container trio-web-1  Started"."""

from __future__ import annotations

from figlet.plan import Action

# action -> (kind, while running, when done)
WORDS: dict[Action, tuple[str, str, str]] = {
    Action.PULL_IMAGE: ("Image", "Pulling", "Pulled"),
    Action.BUILD_IMAGE: ("Image", "Building", "Built"),
    Action.CREATE_NETWORK: ("Network", "Creating", "Created"),
    Action.CREATE_VOLUME: ("Volume", "Creating", "Created"),
    Action.CREATE: ("Container", "Creating", "Created"),
    Action.START: ("Container", "Starting", "Started"),
    Action.RECREATE: ("Container", "Recreating", "Recreated"),
    Action.WAIT: ("Service", "Waiting", "Ready"),
    Action.UPDATE_HOSTS: ("Container", "Updating hosts", "Hosts updated"),
    Action.ADDRESS: ("Container", "Connecting", "Connected"),  # not shown (see executor)
    Action.RUN_HOOK: ("Container", "Running hook", "Hook done"),
    Action.STOP: ("Container", "Stopping", "Stopped"),
    Action.RESTART: ("Container", "Restarting", "Started"),
    Action.KILL: ("Container", "Killing", "Killed"),
    Action.PAUSE: ("Container", "Pausing", "Paused"),
    Action.UNPAUSE: ("Container", "Unpausing", "Unpaused"),
    Action.REMOVE: ("Container", "Removing", "Removed"),
    Action.REMOVE_NETWORK: ("Network", "Removing", "Removed"),
    Action.REMOVE_VOLUME: ("Volume", "Removing", "Removed"),
    Action.REMOVE_IMAGE: ("Image", "Removing", "Removed"),
    Action.CREATE_STACK_NETWORK: ("Network", "Creating", "Created"),
    Action.CREATE_SWARM_OBJECT: ("Object", "Creating", "Created"),
    Action.CREATE_SERVICE: ("Service", "Creating", "Created"),
    Action.UPDATE_SERVICE: ("Service", "Updating", "Updated"),
    Action.WAIT_SERVICE: ("Service", "Waiting", "Ready"),
    Action.REMOVE_SERVICE: ("Service", "Removing", "Removed"),
    Action.REMOVE_SWARM_OBJECT: ("Object", "Removing", "Removed"),
}


def kind(action: Action) -> str:
    return WORDS[action][0]


def running_word(action: Action) -> str:
    return WORDS[action][1]


def done_word(action: Action, detail: str = "") -> str:
    if action in (Action.WAIT, Action.WAIT_SERVICE) and detail:
        return detail.capitalize()
    if detail in ("already gone", "exists", "image unchanged, kept", "not pulled") or (
        detail.startswith("not pulled")
    ):
        return detail.capitalize()
    return WORDS[action][2]
