# Shared helpers for figlet's setup scripts (sourced, not executed).

FIGLET_LOG_PREFIX="${FIGLET_LOG_PREFIX:-figlet}"

# dockerd, iptables and debootstrap live in sbin, which a non-login PATH may lack.
case ":$PATH:" in
*:/usr/sbin:*) ;;
*) PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" ;;
esac

say() { printf '%s: %s\n' "$FIGLET_LOG_PREFIX" "$*"; }
die() { printf '%s: error: %s\n' "$FIGLET_LOG_PREFIX" "$*" >&2; exit 1; }

is_root() { [ "${FIGLET_ASSUME_UID:-$(id -u)}" = 0 ]; }

# True on Debian (or a derivative that says ID_LIKE=debian) with apt-get available.
is_debian() {
    local release="${FIGLET_OS_RELEASE:-/etc/os-release}"
    [ -r "$release" ] || return 1
    grep -Eq '^ID=("?)debian\1$|^ID_LIKE=.*debian' "$release" || return 1
    command -v apt-get >/dev/null 2>&1
}

# apt_install PKG...: install the missing ones (one `apt-get update` per run).
_APT_UPDATED=0
apt_install() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    is_root || die "missing packages: ${missing[*]}; install them: sudo apt-get install ${missing[*]}"
    is_debian || die "missing packages: ${missing[*]}; this is not Debian: install their equivalents"
    if [ "$_APT_UPDATED" = 0 ]; then
        say "apt-get update"
        apt-get update -qq >/dev/null || die "apt-get update failed"
        _APT_UPDATED=1
    fi
    say "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
        >/dev/null || die "apt-get install ${missing[*]} failed"
}
