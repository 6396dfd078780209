#!/usr/bin/env bash
# Profile one figlet cycle (cold `up -d`, no-op `up -d`, `down -t 0`) plus `config`/`plan` with
# pyinstrument, to see where figlet's own time goes. Not part of `make bench`; needs pyinstrument in
# the venv (`.venv/bin/pip install pyinstrument`).
#
#   bash bench/profile.sh [SAMPLE] [--net bridge|project]    # default: trio, bridge
#
# The sample comes from the shared harness (../shared/bench/samples/SAMPLE/compose.yaml); with
# `--net bridge` (default) every service gets `network_mode: bridge`, as the harness does.
# Output: bench/results/profile-<stamp>/<step>.txt (pyinstrument text trees, library frames folded)
# and <step>.importtime (python -X importtime, sorted by cumulative microseconds).
# Project name: fbfigletprof<sample>; everything of it is removed at the end (by label).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$REPO/../shared}"
PY="${PY:-$REPO/.venv/bin/python}"
sample=trio net=bridge
while [ $# -gt 0 ]; do
  case "$1" in
    --net) net="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) sample="$1" ;;
  esac
  shift
done
"$PY" -c 'import pyinstrument' 2>/dev/null || { echo "bench/profile.sh: pip install pyinstrument into .venv" >&2; exit 2; }
src="$SHARED/bench/samples/$sample/compose.yaml"
[ -f "$src" ] || { echo "bench/profile.sh: no sample $src" >&2; exit 2; }
out="$REPO/bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
file="$out/compose.yaml"
if [ "$net" = bridge ]; then
  sed -E 's/^(    image: .*)$/\1\n    network_mode: bridge/' "$src" > "$file"
else
  cp "$src" "$file"
fi
project="fbfigletprof$sample"
label="com.docker.compose.project=$project"
cleanup() {
  local ids; ids="$(docker ps -aq --filter "label=$label")"
  [ -z "$ids" ] || docker rm -f $ids >/dev/null
  docker network rm "${project}_default" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup

step() {  # step NAME ARGS...: profile `figlet -f FILE -p PROJECT ARGS...`
  local name="$1"; shift
  local t0 t1
  t0="$(date +%s.%N)"
  "$PY" -m pyinstrument -o "$out/$name.txt" -m figlet -f "$file" -p "$project" "$@" \
    >"$out/$name.log" 2>&1 || echo "[profile] $name exited $?" >&2
  t1="$(date +%s.%N)"
  "$PY" -X importtime -m figlet -f "$file" -p "$project" "$@" 2>&1 >/dev/null |
    awk -F'|' '/^import time:/ && $2 !~ /cumulative/ {gsub(/ /, "", $2); print $2 "\t" $3}' |
    sort -rn | head -40 >"$out/$name.importtime" || true
  printf '[profile] %-8s %.2f s (profiled; wall incl. profiler)\n' "$name" "$(echo "$t1 - $t0" | bc)" >&2
}

echo "[profile] $sample, --net $net, load average $(cut -d' ' -f1-3 /proc/loadavg), out $out" >&2
step config config
step plan plan
step up-cold up -d
# the importtime pass of up-cold ran `up -d` a second time: bring the project back to cold first
cleanup
"$PY" -m figlet -f "$file" -p "$project" up -d >/dev/null 2>&1
step up-noop up -d
step down down -t 0
cleanup
for f in "$out"/*.txt; do
  echo "== $(basename "$f" .txt)"
  sed -n '/^Program:/,$p' "$f" | sed -n '3,40p'
done
echo "[profile] full trees: $out" >&2
