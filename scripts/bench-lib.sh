# Shared by scripts/bench-*.sh (bash, sourced): which binaries to time, hyperfine in rounds,
# peak memory, and the report of each command's time and ratio to the same run's reference.
#
# Environment:
#   CASCADE_BIN     the cascade binary to time (default: the release build of this tree, built here)
#   CASCADE_BEFORE  a second binary timed in the same run, reported as "NAME (before)", e.g. the
#                   release build of an earlier commit: both face the same load and reference
#   ROUNDS, RUNS    hyperfine is called ROUNDS times (default 3) with RUNS runs of each command
#                   (default 5), the order of the commands reversed every other round, so a burst
#                   of load falls on all of them; the report takes the median of all runs

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-5}

need() {
  command -v "$1" >/dev/null && return
  echo "installing $2" >&2
  (apt-get install -y "$2" >/dev/null 2>&1 || sudo apt-get install -y "$2" >/dev/null) ||
    { echo "$1 is needed: install $2" >&2; exit 2; }
}

# Set $cascade (and $before when CASCADE_BEFORE is set), building the release binary if needed.
bench_binaries() {
  need hyperfine hyperfine
  if [ -n "${CASCADE_BIN:-}" ]; then
    cascade=$(realpath "$CASCADE_BIN")
  else
    cargo build --release --quiet --manifest-path "$bench_root/Cargo.toml"
    cascade=$bench_root/target/release/cascade
  fi
  [ -x "$cascade" ] || { echo "not an executable: $cascade" >&2; exit 2; }
  before=
  if [ -n "${CASCADE_BEFORE:-}" ]; then
    before=$(realpath "$CASCADE_BEFORE")
    [ -x "$before" ] || { echo "not an executable: $before" >&2; exit 2; }
  fi
  echo "machine: $(nproc) cores, $(uname -sr); load:$(uptime | sed 's/.*load average//')"
  echo "cascade: $cascade ($("$cascade" --version))"
  [ -z "$before" ] || echo "before:  $before ($("$before" --version))"
  echo "hyperfine: $ROUNDS rounds of $RUNS runs (after one warm-up), alternating order; median of all runs"
}

# bench_cmds: the list of (name, command) to time, filled by bench_add and bench_add_cascade.
bench_names=()
bench_cmds=()
bench_reset() { bench_names=(); bench_cmds=(); }
bench_add() { bench_names+=("$1"); bench_cmds+=("$2"); }
# bench_add_cascade NAME ARGS: cascade ARGS as NAME, and the before binary as "NAME (before)".
# After bench_own_copy DIR, the before binary reads its own copy of DIR.
bench_add_cascade() {
  bench_add "$1" "$cascade $2"
  local args=$2
  [ -z "${bench_dir:-}" ] || args=${args//"-C $bench_dir "/"-C $bench_dir.before "}
  [ -z "$before" ] || bench_add "$1 (before)" "$before $args"
}

# bench_own_copy DIR: with a before binary, time it on a copy of the notebook DIR (DIR.before,
# made once), so that each binary keeps its own caches in the notebook's git directory (the note
# and history indexes are rebuilt by a binary that did not write them); then fill each binary's
# caches as a user's earlier runs would: `status` reads every note.
bench_own_copy() {
  bench_dir=$1
  if [ -n "$before" ]; then
    [ -d "$bench_dir.before" ] || cp -a "$bench_dir" "$bench_dir.before"
    "$before" -C "$bench_dir.before" --today "$2" status >/dev/null 2>&1 || true
  fi
  "$cascade" -C "$bench_dir" --today "$2" status >/dev/null 2>&1 || true
}

# bench_run OUT: time the listed commands; writes OUT.r1.json ... OUT.rROUNDS.json.
bench_run() {
  local out=$1 r i args
  rm -f "$out".r*.json
  for ((r = 1; r <= ROUNDS; r++)); do
    args=()
    for ((i = 0; i < ${#bench_names[@]}; i++)); do
      local j=$i
      ((r % 2)) || j=$((${#bench_names[@]} - 1 - i))
      args+=(-n "${bench_names[j]}" "${bench_cmds[j]}")
    done
    # its warnings about exit codes (lint exits 1 on findings) would drown the report
    hyperfine -N -i --warmup 1 --runs "$RUNS" --style none --export-json "$out.r$r.json" "${args[@]}" \
      >/dev/null 2>"$out.err" || { cat "$out.err" >&2; exit 2; }
  done
  for ((i = 0; i < ${#bench_names[@]}; i++)); do
    echo "  \$ ${bench_cmds[i]}"
  done
}

# bench_report OUT REF [NAME=BAR ...]: each command's median time and its ratio to REF's
# median in the same run; a BAR is the highest ratio allowed (applies to "NAME (before)" too).
bench_report() {
  local out=$1
  shift
  python3 "$bench_root/scripts/bench-report.py" "$@" -- "$out".r*.json
}

# peak_mib CMD...: the peak resident memory of one run, in MiB (the exit code does not matter).
peak_mib() {
  local f
  f=$(mktemp)
  /usr/bin/time -f '%M' -o "$f" "$@" >/dev/null 2>&1 || true
  awk '{ k = $1 } END { printf "%.1f", k / 1024 }' "$f"
  rm -f "$f"
}
