#!/usr/bin/env bash
# Lint speed and memory on seeded corpora, in one run: `rg -c ''` over the notes (the floor of
# reading them), cold `cascade lint --format json` (a fresh process; the page cache warm), and
# where installed, `mado check` and
# `markdownlint-cli2`; each with its ratio to the same run's rg, and lint's peak memory.
#
#   scripts/bench-lint.sh [N ...]        # default: 10000 100000
#
# Corpora (examples/gen_corpus.rs, seed 42), generated once under $BENCH_DIR (default
# /tmp/cascade-lint-bench):
#   nN              the project's default shape: N notes, one report per 400, people declared
#   people-20000    20,000 notes of 4-8 KB in 200 reports, people declared  (issue 14)
#   nopeople-20000  the same without [people]: a warning on most notes        (issue 14)
#   nopeople-100000 100,000 notes without [people]: peak memory only, whatever the findings
# Set ISSUE_SHAPES=0 to time the default shape only. Bars: lint ≤ 2.5× rg, peak ≤ 64 MiB.
#
# Needs hyperfine and rg (installed with apt-get when missing). mado and markdownlint-cli2 are
# timed on the default shape when on PATH (or markdownlint-cli2 under ./node_modules/.bin).
# CASCADE_BIN, CASCADE_BEFORE, ROUNDS and RUNS: see scripts/bench-lib.sh.
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"
cd "$bench_root"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
bench_dir=${BENCH_DIR:-/tmp/cascade-lint-bench}
mkdir -p "$bench_dir"

need rg ripgrep
bench_binaries
cargo build --release --quiet --example gen_corpus
gen=$PWD/target/release/examples/gen_corpus
mdl=$(command -v markdownlint-cli2 || ls "$PWD"/node_modules/.bin/markdownlint-cli2 2>/dev/null || true)
mado=$(command -v mado || true)

lint_cmd="$cascade lint"
[ -z "$before" ] || lint_before="$before lint"

echo "rg $(rg --version | awk 'NR == 1 { print $2 }')"
[ -n "$mado" ] && echo "mado: $($mado --version)"
[ -n "$mdl" ] && echo "markdownlint-cli2: $("$mdl" --help 2>/dev/null | head -1)"

# corpus NAME N [GEN_CORPUS OPTIONS]: generate $bench_dir/NAME once; sets dir, summary, today.
corpus() {
  local name=$1 n=$2
  shift 2
  dir=$bench_dir/$name
  if [ ! -f "$dir/summary.txt" ]; then
    rm -rf "$dir"
    "$gen" "$dir" "$n" 42 "$@" >"$bench_dir/summary.tmp"
    mv "$bench_dir/summary.tmp" "$dir/summary.txt"
  fi
  summary=$(cat "$dir/summary.txt")
  today=${summary##*today=}
}

# peak NAME: lint's peak memory on $dir (and the before binary's).
peak() {
  local line
  # shellcheck disable=SC2086
  line="  peak memory of lint: $(peak_mib $lint_cmd --format json -C "$dir" --today "$today") MiB"
  # shellcheck disable=SC2086
  [ -z "$before" ] || line="$line (before: $(peak_mib $lint_before --format json -C "$dir" --today "$today") MiB)"
  echo "$line   bar: 64 MiB at 100,000 notes"
}

# lint_corpus NAME N [GEN_CORPUS OPTIONS]: time rg and lint (and the peers on the default shape).
lint_corpus() {
  local name=$1 n=$2
  corpus "$@"
  echo
  echo "== $name: $summary"
  rg -c '' "$dir/notes" >/dev/null # warm the page cache
  bench_reset
  bench_add rg "rg -c '' $dir/notes"
  bench_add "cascade lint" "$lint_cmd --format json -C $dir --today $today"
  [ -z "$before" ] || bench_add "cascade lint (before)" "$lint_before --format json -C $dir --today $today"
  [ -z "$mado" ] || [[ $name != n[0-9]* ]] || bench_add mado "$mado check $dir/notes"
  bench_run "$dir/times"
  if [ -n "$mdl" ] && [[ $name == n[0-9]* ]]; then
    # markdownlint-cli2 takes minutes at 100k notes: timed on its own, once there.
    local r=3
    [ "$n" -ge 50000 ] && r=1
    hyperfine -N -i --runs "$r" --style none --export-json "$dir/times.rmdl.json" \
      -n markdownlint-cli2 "$mdl '$dir/notes/**/*.md'" >/dev/null
  fi
  bench_report "$dir/times" rg "cascade lint=2.5"
  python3 - "$n" "$dir"/times.r*.json <<'PY'
import json, statistics, sys
n, t = int(sys.argv[1]), {}
for f in sys.argv[2:]:
    for r in json.load(open(f))["results"]:
        t.setdefault(r["command"], []).extend(r["times"])
c = statistics.median(t["cascade lint"])
print(f"  {n / c:,.0f} notes/s")
for peer in ("mado", "markdownlint-cli2"):
    if peer in t:
        print(f"  {peer} / cascade: {statistics.median(t[peer]) / c:.1f}×")
open(sys.argv[2].rsplit("/", 1)[0] + "/cascade.median", "w").write(str(c))
PY
  peak
}

for n in "${sizes[@]}"; do
  lint_corpus "n$n" "$n"
done
if [ "${ISSUE_SHAPES:-1}" != 0 ]; then
  lint_corpus people-20000 20000 --reports 200 --kb 4-8
  lint_corpus nopeople-20000 20000 --reports 200 --kb 4-8 --no-people
  corpus nopeople-100000 100000 --no-people
  echo
  echo "== nopeople-100000: $summary"
  peak
fi

if [ ${#sizes[@]} -ge 2 ]; then
  a=$(cat "$bench_dir/n${sizes[0]}/cascade.median"); b=$(cat "$bench_dir/n${sizes[-1]}/cascade.median")
  python3 -c "print(f'\n{${sizes[-1]}} / {${sizes[0]}} notes: {$b / $a:.1f}× the time ({${sizes[-1]} / ${sizes[0]}:.0f}× the notes)')"
fi

# One note, end to end (process start, config, walk of the notebook's names, one file).
corpus "n${sizes[0]}" "${sizes[0]}"
one=$(find "$dir/notes" -name '*.md' | sort | sed -n 1p)
echo
echo "one note of a ${sizes[0]}-note notebook:"
bench_reset
bench_add_cascade "lint one note" "-C $dir --today $today lint $one"
bench_run "$bench_dir/one"
bench_report "$bench_dir/one" "lint one note"
