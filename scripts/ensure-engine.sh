#!/usr/bin/env bash
# Make sure a Docker engine answers; start one if we can, else say exactly what to do.
#
#   - `docker info` answers (DOCKER_HOST honoured)  -> nothing to do.
#   - DOCKER_HOST names a remote engine (tcp://, ssh://) -> tell the user to start it.
#   - not root, or not Debian                        -> tell the user to start Docker or set DOCKER_HOST.
#   - root on Debian -> apt-get install docker.io iptables (when missing), start `dockerd` in the
#     background logging to $FIGLET_DOCKERD_LOG, and wait (bounded) until it answers.
#
# Environment: FIGLET_DOCKERD_LOG (default /var/log/figlet/dockerd.log), FIGLET_ENGINE_TIMEOUT
# (seconds, default 60), FIGLET_DOCKERD_ARGS (extra dockerd flags, e.g. a separate --data-root),
# FIGLET_ENGINE_DRY_RUN=1 (print the decision, change nothing). For tests: FIGLET_DOCKERD_PIDFILE,
# FIGLET_POLICY_RC_D, FIGLET_OS_RELEASE, FIGLET_ASSUME_UID stand in for the system's own.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FIGLET_LOG_PREFIX="engine"
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"

DEFAULT_HOST="unix:///var/run/docker.sock"
HOST="${DOCKER_HOST:-$DEFAULT_HOST}"
LOG="${FIGLET_DOCKERD_LOG:-/var/log/figlet/dockerd.log}"
TIMEOUT="${FIGLET_ENGINE_TIMEOUT:-60}"
DRY_RUN="${FIGLET_ENGINE_DRY_RUN:-0}"
PIDFILE="${FIGLET_DOCKERD_PIDFILE:-/var/run/docker.pid}"  # where a default dockerd writes its pid
# Engine 20.10 has only ~30 network pools by default; figlet's tests create many networks.
ADDRESS_POOL="base=10.200.0.0/16,size=24"

answers() {
    command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

engine_version() { docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'; }

tell_user() {
    cat >&2 <<MSG
engine: no Docker engine answers at $HOST, and $1.
  Start one yourself, then run this again:
    sudo systemctl start docker            (or: sudo dockerd &)
  or point figlet at an engine that runs:
    export DOCKER_HOST=unix:///path/to/docker.sock    (or tcp://HOST:2375)
  No Docker installed? On Debian: sudo apt-get install docker.io iptables
MSG
    exit 1
}

log_tail() {
    echo "--- last lines of $LOG ---" >&2
    tail -n 25 "$LOG" >&2 2>/dev/null || echo "(no log)" >&2
}

# wait_until_answers PID: bounded wait for the engine; PID is the dockerd to watch.
wait_until_answers() {
    local pid=$1 waited=0
    until answers; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log_tail
            die "dockerd exited before answering (log above: $LOG)"
        fi
        if [ "$waited" -ge "$TIMEOUT" ]; then
            log_tail
            die "dockerd (pid $pid) did not answer within ${TIMEOUT}s (log above: $LOG)"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    say "engine answering (Docker $(engine_version), dockerd pid $pid, ${waited}s)"
}

# The pid of a dockerd that is already running for the default socket (still starting), if any.
running_dockerd() {
    [ "$HOST" = "$DEFAULT_HOST" ] || return 1
    local pid
    pid="$(cat "$PIDFILE" 2>/dev/null)" || return 1
    [ -n "$pid" ] && ps -p "$pid" -o args= 2>/dev/null | grep -q dockerd && echo "$pid"
}

start_dockerd() {
    # shellcheck disable=SC2206  # FIGLET_DOCKERD_ARGS is a list of flags on purpose
    local cmd=(dockerd --host="$HOST" --default-address-pool "$ADDRESS_POOL" ${FIGLET_DOCKERD_ARGS:-})
    local pid
    if pid="$(running_dockerd)"; then
        say "dockerd (pid $pid) is running but does not answer yet: waiting"
        [ "$DRY_RUN" = 1 ] || wait_until_answers "$pid"
        return
    fi
    if [ "$DRY_RUN" = 1 ]; then
        say "would start: ${cmd[*]} >>$LOG"
        return
    fi
    mkdir -p "$(dirname "$LOG")"
    say "starting: ${cmd[*]} (log: $LOG)"
    setsid nohup "${cmd[@]}" >>"$LOG" 2>&1 </dev/null &
    wait_until_answers $!
}

# Install packages without letting their scripts start services (Debian's policy-rc.d): the
# engine is started below, with figlet's address pool and log file.
install_without_starting() {
    local policy="${FIGLET_POLICY_RC_D:-/usr/sbin/policy-rc.d}"
    if [ -e "$policy" ]; then
        apt_install "$@"
        return
    fi
    # shellcheck disable=SC2064  # expand now: the path is fixed
    trap "rm -f '$policy'" EXIT
    printf '#!/bin/sh\n# figlet ensure-engine: no service starts while installing\nexit 101\n' >"$policy"
    chmod +x "$policy"
    apt_install "$@"
    rm -f "$policy"
    trap - EXIT
}

main() {
    if answers; then
        say "answering at $HOST (Docker $(engine_version))"
        return 0
    fi
    case "$HOST" in
    unix://*) ;;
    *) tell_user "DOCKER_HOST points at a remote engine" ;;
    esac
    is_root || tell_user "this script is not running as root"
    is_debian || tell_user "this is not a Debian system this script can set up"
    if [ "$DRY_RUN" = 1 ]; then
        local pkg missing=()
        for pkg in docker.io iptables; do
            dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
                missing+=("$pkg")
        done
        [ "${#missing[@]}" -eq 0 ] || say "would install: ${missing[*]}"
        start_dockerd
        return 0
    fi
    install_without_starting docker.io iptables
    # An engine started some other way meanwhile is fine too.
    if answers; then
        say "answering at $HOST (Docker $(engine_version))"
        return 0
    fi
    start_dockerd
}

main "$@"
