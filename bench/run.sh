#!/usr/bin/env bash
# `make bench`: figlet against Compose v1, Compose v2, Fig and the raw docker-SDK floor on this engine,
# then BENCHMARKS.md. Not part of the tests.
#
#   bash bench/run.sh                  # everything (70-100 min on the 2-core machines): bench/measure.py,
#                                      # the shared harness with --net bridge, again with --net project
#                                      # (15 rounds of trio, 5 of every other sample -- on project
#                                      # networks 4, and 4 more of replicas30 and big100 in a pass of
#                                      # their own --, then figlet, Compose v2 and the floor alone
#                                      # for 20 more rounds of trio, wide20 and chain10 and 12 more
#                                      # of big100), then
#                                      # BENCHMARKS.md
#   bash bench/run.sh --quick          # smoke test (a few minutes): 1 round of trio+wide20, bridge only;
#                                      # its report goes to bench/results/<stamp>/BENCHMARKS.md
#   bash bench/run.sh --net bridge     # one network mode only (bridge|project|both, default both)
#   bash bench/run.sh --no-cycles      # no containers: only --version, config and plan (bench/measure.py)
#   bash bench/run.sh --no-measure     # the harness passes only
#   bash bench/run.sh --fixtures       # only the test-fixture step (bench/fixtures.py, ~2 min): figlet.testing.
#                                      # DockerCompose against testcontainers' DockerCompose (Compose v2),
#                                      # FIXTURE_ROUNDS rounds (default 10); also part of the full run
#                                      # (not of --quick): $RUN/fixtures.md and fixtures.json
#   bash bench/run.sh --commands       # only the command step (~5 min): `run --rm web true` on trio
#                                      # (bench/run_cmd.py), `build` of two images (bench/build.py) and
#                                      # `logs` of 20x10,000 lines (bench/logs.py), each beside Compose v2;
#                                      # also part of the full run (not of --quick): $RUN/commands-*.md
#   bash bench/run.sh --swarm          # only the swarm step (~10 min; needs an active swarm manager):
#                                      # `figlet deploy` against `docker stack deploy` of samples/trio and
#                                      # samples/fleet20 to converged tasks (bench/swarm.py, SWARM_ROUNDS
#                                      # rounds, default 3, both measures); also part of the full run
#                                      # (not of --quick) when the engine is a swarm manager: $RUN/swarm.md
#   bash bench/run.sh --report-only bench/results/<stamp>   # rewrite BENCHMARKS.md from an earlier run
#                                      # (repeat it to combine passes of several runs; the last wins)
#   bash bench/run.sh -- --samples trio --runs 5            # after `--`: options for the shared harness
#                                                           # (see ../shared/bench/run.sh --help)
# Environment: SHARED (the shared dir, default ../shared beside the repo), PEERS (peer installs, default
# ~/.cache/figlet-bench-peers; the shared run.sh installs whatever is missing), FIGLET (default
# .venv/bin/figlet), PY (default .venv/bin/python), PROJECT_ARGS (harness options of the --net project
# pass, default: figlet, the Compose versions and the floor only; Fig only knows the default bridge),
# TRIO_RUNS (rounds of trio's own pass, default 15), DUEL_RUNS and DUEL_BIG_RUNS (the rounds figlet,
# Compose v2 and floor-pool run alone on trio, wide20 and chain10, and on big100; default 20 and 12;
# DUEL_RUNS=0: no such pass),
# AGAIN_RUNS (on project networks: rounds per sample, and the rounds of replicas30 and big100's second
# pass; default 4; 0: one pass of 5 rounds).
# Raw results and logs: bench/results/<stamp>/ (git-ignored).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$REPO/../shared}"
HARNESS="$SHARED/bench/run.sh"
FIGLET="${FIGLET:-$REPO/.venv/bin/figlet}"
PY="${PY:-$REPO/.venv/bin/python}"
PROJECT_ARGS="${PROJECT_ARGS:---only figlet,compose-v1,compose-v2,floor-pool}"
export PEERS="${PEERS:-$HOME/.cache/figlet-bench-peers}"

args_line="bash bench/run.sh${*:+ $*}"
quick=0 net=both cycles=1 measure=1 report_only=() out="" extra=() only_fixtures=0 only_commands=0
only_swarm=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --net) net="$2"; shift ;;
    --no-cycles) cycles=0 ;;
    --no-measure) measure=0 ;;
    --fixtures) only_fixtures=1 ;;
    --commands) only_commands=1 ;;
    --swarm) only_swarm=1 ;;
    --report-only) report_only+=(--run-dir "$2"); shift ;;
    --out) out="$2"; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$net" in bridge|project|both) ;; *) echo "bench/run.sh: --net bridge|project|both" >&2; exit 2 ;; esac
say() { echo "[bench] $*" >&2; }

if [ "${#report_only[@]}" -gt 0 ]; then
  "$PY" "$REPO/bench/report.py" "${report_only[@]}" --out "${out:-$REPO/BENCHMARKS.md}" \
    --command "$args_line"
  exit 0
fi

[ -x "$FIGLET" ] || { echo "bench/run.sh: no figlet at $FIGLET (make the venv first)" >&2; exit 2; }

# run_fixtures: bench/fixtures.py into the run directory ($RUN/fixtures.md: the table; .json: rounds)
run_fixtures() {
  say "test fixtures: figlet.testing.DockerCompose against testcontainers (bench/fixtures.py)"
  "$PY" "$REPO/bench/fixtures.py" --rounds "${FIXTURE_ROUNDS:-10}" --out "$RUN/fixtures.json" \
    >"$RUN/fixtures.md" 2>"$RUN/fixtures.log" ||
    say "WARNING: bench/fixtures.py failed or left something (see $RUN/fixtures.log)"
  cat "$RUN/fixtures.md" >&2
}
# run_commands: each command benchmark beside Compose v2 ($RUN/commands-<name>.md)
run_commands() {
  local name
  for name in run_cmd build logs; do
    [ -f "$REPO/bench/$name.py" ] || continue
    say "command benchmark: bench/$name.py (figlet beside Compose v2)"
    "$PY" "$REPO/bench/$name.py" --figlet "$FIGLET" >"$RUN/commands-$name.md" \
      2>"$RUN/commands-$name.log" ||
      say "WARNING: bench/$name.py failed (see $RUN/commands-$name.log)"
    cat "$RUN/commands-$name.md" >&2
  done
}
# run_swarm: bench/swarm.py into the run directory ($RUN/swarm.md: the table; .json: rounds), when
# the engine is an active swarm manager (the bench never makes or leaves a swarm)
run_swarm() {
  if [ "$(docker info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" != true ]; then
    say "swarm benchmark skipped: the engine is not a swarm manager (docker swarm init)"
    return 0
  fi
  say "swarm benchmark: figlet deploy against docker stack deploy (bench/swarm.py)"
  "$PY" "$REPO/bench/swarm.py" --figlet "$FIGLET" --rounds "${SWARM_ROUNDS:-3}" --measure both \
    --out "$RUN/swarm.json" >"$RUN/swarm.md" 2>"$RUN/swarm.log" ||
    say "WARNING: bench/swarm.py failed (see $RUN/swarm.log)"
  cat "$RUN/swarm.md" >&2
}
if [ "$only_fixtures" = 1 ] || [ "$only_commands" = 1 ] || [ "$only_swarm" = 1 ]; then
  RUN="$REPO/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$RUN"
  say "run dir $RUN"
  [ "$only_fixtures" = 0 ] || run_fixtures
  [ "$only_commands" = 0 ] || run_commands
  [ "$only_swarm" = 0 ] || run_swarm
  exit 0
fi
[ -f "$HARNESS" ] || { echo "bench/run.sh: the shared harness is missing: $HARNESS (set SHARED)" >&2; exit 2; }
# figlet's modules byte-compiled, as a pip install leaves them: with PYTHONDONTWRITEBYTECODE set,
# an editable checkout would otherwise compile about 60 modules on every command (~45 ms).
"$PY" -m compileall -q -f "$REPO/figlet" >/dev/null
# one untimed `plan` fills figlet's load cache as any first use would; the harness's own first
# rounds then measure what every later command costs
"$FIGLET" -f "$SHARED/bench/samples/trio/compose.yaml" -p fbwarmup plan >/dev/null 2>&1 || true
RUN="$REPO/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN"
[ "$quick" = 1 ] && out="${out:-$RUN/BENCHMARKS.md}"
out="${out:-$REPO/BENCHMARKS.md}"
say "run dir $RUN"

# the shared harness on one network mode; the results end as $RUN/<net>.json. trio gets a pass
# of its own with TRIO_RUNS rounds (default 15), the other samples 5 rounds, big100 too (the
# harness's default is 3): trio is a 0.2-0.6 s job whose rounds spread by ±0.05 s, as much as
# the margin its targets leave, and its rounds are cheap; big100's rounds spread by ±5 %
# (9.8-10.8 s for Compose v2 in one run), more than the differences judged there. Options
# after `--` (or --quick) make it one pass with those options instead (a later --runs or
# --samples wins).
# Then figlet, Compose v2 and the floor alone, alternating, on the samples where the engine is the
# limit and the three tie within a few percent (trio, wide20, chain10, big100): rounds added to the
# same samples' rounds of the passes before, so that "never slower than Compose v2" and "within
# 1.1x of the floor" are judged on medians of 35 (trio), 25 and 17 rounds rather than 15 and 5
# (single rounds there spread by ±5-15 %, more than the differences judged; on a project network
# trio's per-round ratio to Compose v2 came out 0.94-1.04 over 15 rounds from one run to the next).
# On project networks the other samples get AGAIN_RUNS rounds (default 4: one per position in the
# rotation of the four tools), and replicas30 and big100 (whose teardowns can leak the network,
# moby/moby#43286) AGAIN_RUNS more in a pass of their own after clear_leaks (AGAIN_RUNS=0: one
# pass of 5 rounds, as on the bridge): a leaked network is reused by every later round of that
# tool's project (the harness keeps the names), so one leak in a first round would otherwise
# cost that tool all its rounds of the sample.
TRIO_RUNS="${TRIO_RUNS:-15}"
DUEL_RUNS="${DUEL_RUNS:-20}"
DUEL_BIG_RUNS="${DUEL_BIG_RUNS:-12}"
AGAIN_RUNS="${AGAIN_RUNS:-4}"
harness() {
  local name="$1"; shift
  if [ "${#extra[@]}" -gt 0 ] || [ "$quick" = 1 ]; then
    harness_pass "$name" "$name" --runs 5 "$@"
    [ -f "$RUN/harness-$name.json" ] && mv "$RUN/harness-$name.json" "$RUN/$name.json"
    return 0
  fi
  harness_pass "$name" "$name-trio" --samples trio --runs "$TRIO_RUNS" "$@"
  local runs=5 again=0
  if [ "$name" = project ] && [ "$AGAIN_RUNS" -gt 0 ]; then runs="$AGAIN_RUNS" again=1; fi
  harness_pass "$name" "$name-rest" --samples wide20,chain10,replicas30,big100 --runs "$runs" \
    --big-runs "$runs" --version-runs 0 "$@"
  if [ "$again" = 1 ]; then
    harness_pass "$name" "$name-again" --samples replicas30,big100 --runs "$AGAIN_RUNS" \
      --big-runs "$AGAIN_RUNS" --version-runs 0 "$@"
  fi
  if [ "$DUEL_RUNS" -gt 0 ]; then
    harness_pass "$name" "$name-duel" --samples trio,wide20,chain10,big100 --runs "$DUEL_RUNS" \
      --big-runs "$DUEL_BIG_RUNS" --version-runs 0 "$@" --only figlet,compose-v2,floor-pool
  fi
  "$PY" "$REPO/bench/merge_passes.py" "$RUN/$name.json" \
    "$RUN/harness-$name-trio.json" "$RUN/harness-$name-rest.json" \
    "$RUN/harness-$name-again.json" "$RUN/harness-$name-duel.json" ||
    say "WARNING: no results from --net $name"
}

# dk ARG...: docker with a deadline (BENCH_DOCKER_TIMEOUT, default 60 s): an Engine 20.10 can wedge
# (once, a peer's big100 teardown left it answering no network call), and a pass must not wait on
# it forever.
dk() { timeout "${BENCH_DOCKER_TIMEOUT:-60}" docker "$@"; }
# bench_networks: the names of the networks whose name has "fb" in it (the harness's projects)
bench_networks() { dk network ls --filter name=fb --format '{{.Name}}'; }

# restart_engine LABEL REASON: when the engine is the local dockerd (its pid in /var/run/docker.pid,
# DOCKER_HOST unset) and BENCH_RESTART_ENGINE is 1 (the default), stop it (SIGKILL after 30 s) and start it
# again with scripts/ensure-engine.sh; the restart is listed in engine-restarts.txt. Fails if not.
restart_engine() {
  local label="$1" reason="$2" pid
  pid="$(cat /var/run/docker.pid 2>/dev/null || true)"
  [ "${BENCH_RESTART_ENGINE:-1}" = 1 ] && [ -z "${DOCKER_HOST:-}" ] && [ -n "$pid" ] || return 1
  kill "$pid" 2>/dev/null || return 1
  say "restarting dockerd (pid $pid) before the $label pass: $reason"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; sleep 2; fi
  bash "$REPO/scripts/ensure-engine.sh" >&2
  echo "$(date -u +%H:%M) UTC, before the $label pass: restarted dockerd: $reason" \
    >>"$RUN/engine-restarts.txt"
}

# clear_leaks LABEL: before a pass, remove the bench projects' networks an earlier pass left. A
# network the engine leaked (moby/moby#43286: its endpoint count is stale, nothing is attached)
# cannot be removed, and the harness reuses project names, so every later `down` of that project
# would fail on it, whichever tool leaked it. Only a restart clears the count: restart_engine when
# no container runs (then the pass starts with the network and a warning, as before). An engine
# that does not answer at all is restarted too.
clear_leaks() {
  local label="$1" names stale left=()
  if ! names="$(bench_networks)"; then
    restart_engine "$label" "the engine did not answer \`docker network ls\` within ${BENCH_DOCKER_TIMEOUT:-60} s" ||
      say "WARNING: the engine does not answer; the $label pass will likely fail"
    names="$(bench_networks 2>/dev/null || true)"
  fi
  for stale in $(grep -E '^fb.*_default$' <<<"$names" || true); do
    dk network rm "$stale" >/dev/null 2>&1 || left+=("$stale")
  done
  [ "${#left[@]}" -gt 0 ] || return 0
  if [ "$(dk ps -q | wc -l)" = 0 ] && restart_engine "$label" "${left[*]} leaked (moby/moby#43286)"; then
    for stale in "${left[@]}"; do dk network rm "$stale" >/dev/null 2>&1 || true; done
    return 0
  fi
  say "WARNING: ${left[*]} cannot be removed (a stale endpoint, moby/moby#43286): restart dockerd first (stop it, then \`make engine\`), or those projects' downs count as unclean"
}

# harness_pass NET LABEL OPTION...: one run of the shared harness, its results.json copied to
# $RUN/harness-LABEL.json. A run that leaves no results.json (the harness writes it last, after
# its clean-up, which fails when the engine has stopped answering: Engine 20.10 once wedged in a
# big100 teardown) is run once more after an engine restart, so one wedge does not lose the pass.
harness_pass() {
  local name="$1" label="$2"; shift 2
  local work="$RUN/harness-$label" attempt json=""
  for attempt in 1 2; do
    clear_leaks "$label"
    say "shared harness, --net $name: $*"
    # run from the run directory: pip, installing a missing peer, would otherwise find the repo's
    # figlet.egg-info in the working directory and list figlet's requirements as errors
    if (cd "$RUN" && bash "$HARNESS" --tool "figlet=$FIGLET" --net "$name" --workdir "$work" \
      --out "$RUN/harness-$label.md" "$@"); then :
    else say "WARNING: the --net $name pass ($label) exited $? (partial results are still reported)"; fi
    json="$(ls -t "$work"/*/results.json 2>/dev/null | head -1 || true)"
    if [ -n "$json" ] || [ "$attempt" = 2 ]; then break; fi
    say "WARNING: the --net $name pass ($label) left no results.json (did the engine stop answering?); running it again after an engine restart"
    restart_engine "$label" "its first run left no results (the engine stopped answering)" || break
  done
  if [ -n "$json" ]; then cp "$json" "$RUN/harness-$label.json"; else say "WARNING: no results.json from --net $name ($label)"; fi
}

if [ "$measure" = 1 ]; then
  say "start-up, config and plan (bench/measure.py)"
  "$PY" "$REPO/bench/gen_large.py" "$RUN/large.yaml"
  runs=7; [ "$quick" = 1 ] && runs=3
  "$PY" "$REPO/bench/measure.py" --figlet "$FIGLET" --samples "$SHARED/bench/samples" \
    --large "$RUN/large.yaml" --out "$RUN/measure.json" --runs "$runs" ||
    say "WARNING: bench/measure.py failed"
fi

if [ "$cycles" = 1 ]; then
  q=(); [ "$quick" = 1 ] && q=(--quick)
  if [ "$net" = bridge ] || [ "$net" = both ]; then
    harness bridge "${q[@]}" "${extra[@]}"
  fi
  if { [ "$net" = project ] || [ "$net" = both ]; } && [ "$quick" = 0 ]; then
    # shellcheck disable=SC2086  # PROJECT_ARGS is a list of options
    harness project $PROJECT_ARGS "${extra[@]}"
  fi
  if [ "$net" = project ] && [ "$quick" = 1 ]; then
    harness project "${q[@]}" $PROJECT_ARGS "${extra[@]}"
  fi
fi

if [ "$quick" = 0 ] && [ "${#extra[@]}" -eq 0 ] && [ "$cycles" = 1 ]; then
  run_fixtures
  run_commands
  run_swarm
fi

"$PY" "$REPO/bench/report.py" --run-dir "$RUN" --out "$out" --command "$args_line"
