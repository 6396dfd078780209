#!/usr/bin/env bash
# The tools the swarm tests' lab needs (tests/swarm/_lab.py): `ip` (iproute2: network namespaces
# and veth pairs), `nsenter` (util-linux: a dockerd inside a namespace), `umount` and the docker
# CLI. Missing ones are installed on Debian as root (apt-get), else this says what to install.
# The swarm itself is made by the tests' fixtures, not here.
#
# Environment: FIGLET_LAB_DRY_RUN=1 (print what is missing, change nothing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FIGLET_LOG_PREFIX="swarm-lab"
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"

missing=()
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v nsenter >/dev/null 2>&1 || missing+=(util-linux)
if [ "${#missing[@]}" -eq 0 ]; then
    say "ip and nsenter present"
    exit 0
fi
if [ "${FIGLET_LAB_DRY_RUN:-0}" = 1 ]; then
    say "would install: ${missing[*]}"
    exit 0
fi
apt_install "${missing[@]}"
say "installed ${missing[*]}"
