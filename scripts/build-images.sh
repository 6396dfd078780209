#!/usr/bin/env bash
# Build figlet's local images, once and cached; nothing is pulled from a registry.
#
#   figlet-local/busybox:latest   FROM scratch + the host's busybox-static   (stands for `busybox`)
#   figlet-local/debian:bookworm  debootstrap --variant=minbase + the packages in
#                                 images/debian/packages.txt, then `docker import`
#                                 (stands for `debian:bookworm`, `python:3.11-slim`, `redis:7`, `nginx`)
#
# An image that exists is left alone (FIGLET_REBUILD=1 rebuilds). The Debian root filesystem is
# kept as a tarball in $FIGLET_IMAGE_CACHE (default ~/.cache/figlet-images), so a rebuild after
# `docker rmi` takes seconds. The mirror is the one apt uses here (FIGLET_DEBIAN_MIRROR overrides;
# `build-images.sh mirror` prints it). FIGLET_BUSYBOX_IMAGE / FIGLET_DEBIAN_IMAGE rename the images.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
FIGLET_LOG_PREFIX="images"
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"

BUSYBOX_IMAGE="${FIGLET_BUSYBOX_IMAGE:-figlet-local/busybox:latest}"
DEBIAN_IMAGE="${FIGLET_DEBIAN_IMAGE:-figlet-local/debian:bookworm}"
SUITE="bookworm"
CACHE="${FIGLET_IMAGE_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/figlet-images}"
REBUILD="${FIGLET_REBUILD:-0}"
APT_ETC="${FIGLET_APT_ETC:-/etc/apt}"

have_image() { [ "$REBUILD" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; }

# The first apt source that serves $SUITE (deb822 .sources or one-line .list), security excluded.
debian_mirror() {
    if [ -n "${FIGLET_DEBIAN_MIRROR:-}" ]; then
        echo "$FIGLET_DEBIAN_MIRROR"
        return
    fi
    local found
    found="$(
        {
            cat "$APT_ETC"/sources.list.d/*.sources 2>/dev/null || true
        } | awk -v suite="$SUITE" '
            /^[[:space:]]*$/ { if (uri != "" && ok) { print uri; exit } uri = ""; ok = 0; next }
            /^URIs:/ { uri = $2 }
            /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
            END { if (uri != "" && ok) print uri }' | grep -v security | head -n1 || true
    )"
    if [ -z "$found" ]; then
        found="$(
            cat "$APT_ETC"/sources.list "$APT_ETC"/sources.list.d/*.list 2>/dev/null |
                awk -v suite="$SUITE" '$1 == "deb" {
                    i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                    if ($(i + 1) == suite) print $i }' | grep -v security | head -n1 || true
        )"
    fi
    echo "${found:-http://deb.debian.org/debian}"
}

build_busybox() {
    if have_image "$BUSYBOX_IMAGE"; then
        say "$BUSYBOX_IMAGE: present"
        return
    fi
    apt_install busybox-static
    local ctx
    ctx="$(mktemp -d)"
    cp "$root/images/busybox/Dockerfile" "$ctx/Dockerfile"
    cp /bin/busybox "$ctx/busybox"
    say "$BUSYBOX_IMAGE: building FROM scratch"
    if ! DOCKER_BUILDKIT=0 docker build -t "$BUSYBOX_IMAGE" "$ctx" >"$ctx/build.log" 2>&1; then
        tail -n 20 "$ctx/build.log" >&2
        rm -rf "$ctx"
        die "docker build of $BUSYBOX_IMAGE failed (log above)"
    fi
    rm -rf "$ctx"
    say "$BUSYBOX_IMAGE: built"
}

debian_rootfs() {
    local tarball="$CACHE/debian-$SUITE-minbase.tar"
    local packages
    packages="$(grep -Ev '^[[:space:]]*(#|$)' "$root/images/debian/packages.txt" | paste -sd, -)"
    # The cache key is the package list: change it and the tarball is rebuilt.
    local key="$CACHE/debian-$SUITE-minbase.packages"
    if [ -s "$tarball" ] && [ "$(cat "$key" 2>/dev/null)" = "$packages" ]; then
        echo "$tarball"
        return
    fi
    is_root || die "debootstrap needs root; run as root or build $DEBIAN_IMAGE elsewhere"
    # stdout is this function's answer (the tarball's path): everything else goes to stderr
    apt_install debootstrap >&2
    mkdir -p "$CACHE"
    local mirror work
    mirror="$(debian_mirror)"
    work="$(mktemp -d "$CACHE/rootfs.XXXXXX")"
    say "debootstrap --variant=minbase $SUITE from $mirror (about a minute)" >&2
    if ! debootstrap --variant=minbase --include="$packages" "$SUITE" "$work/rootfs" "$mirror" \
        >"$work/debootstrap.log" 2>&1; then
        tail -n 20 "$work/debootstrap.log" >&2
        rm -rf "$work"
        die "debootstrap failed (log above)"
    fi
    rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
    tar -C "$work/rootfs" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    echo "$packages" >"$key"
    rm -rf "$work"
    echo "$tarball"
}

build_debian() {
    if have_image "$DEBIAN_IMAGE"; then
        say "$DEBIAN_IMAGE: present"
        return
    fi
    local tarball
    tarball="$(debian_rootfs)"
    say "$DEBIAN_IMAGE: docker import $tarball"
    docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'LABEL io.figlet.image=debian' \
        --change 'CMD ["bash"]' \
        "$tarball" "$DEBIAN_IMAGE" >/dev/null
    say "$DEBIAN_IMAGE: built"
}

need_engine() {
    docker info >/dev/null 2>&1 || die "no engine answers; run scripts/ensure-engine.sh first"
}

main() {
    case "${1:-all}" in
    all) need_engine && build_busybox && build_debian ;;
    busybox) need_engine && build_busybox ;;
    debian) need_engine && build_debian ;;
    mirror) debian_mirror ;;
    *) die "usage: $0 [all|busybox|debian|mirror]" ;;
    esac
}

main "$@"
