#!/usr/bin/env bash
# Time `cascade digest --week W` against `git log --since --until --name-only` of the same week,
# in one run, for the week at HEAD, the week 5 weeks before HEAD and the week five years before
# HEAD, each with its ratio to its own git log (bar: 1.5×). The digests run with --today set to
# HEAD's date: a past week is asked for from now, with the history after it in the notebook.
#
#   scripts/bench-digest.sh [DIR] [RUNS]
#
# DIR defaults to /tmp/cascade-history-40, generated once (fixed seed) by
#   scripts/gen-history.sh --reports 40 --notes 10000 --kb 1-8 --tail-weeks 3 DIR 100000 10
# (40 reports, 10,000 notes of 1-8 KB, 100,000 commits over 10 years, HEAD three weeks after
# the last meeting week). Any gen-history notebook will do, e.g. the twelve-report default.
# CASCADE_BIN, CASCADE_BEFORE, ROUNDS and RUNS: see scripts/bench-lib.sh. Needs GNU date.
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"

dir=${1:-/tmp/cascade-history-40}
RUNS=${2:-$RUNS}
[ -d "$dir" ] || "$bench_root/scripts/gen-history.sh" --reports 40 --notes 10000 --kb 1-8 --tail-weeks 3 "$dir" 100000 10
bench_binaries

export TZ=UTC LC_ALL=C
head=$(git -C "$dir" log -1 --format=%cs)
bench_own_copy "$dir" "$head"
echo "notebook: $dir ($(git -C "$dir" rev-list --count HEAD) commits, $(git -C "$dir" ls-files notes | wc -l) notes, HEAD $head)"

bench_week() {
  local label=$1 day=$2 week dow monday sunday
  week=$(date -d "$day" +%G-W%V)
  dow=$(date -d "$day" +%u)
  monday=$(date -d "$day -$((dow - 1)) days" +%F)
  sunday=$(date -d "$monday +6 days" +%F)
  echo
  echo "== $label: $week ($monday..$sunday), $(git -C "$dir" log --oneline --since="${monday}T00:00:00" --until="${sunday}T23:59:59" | wc -l) commits in the week"
  bench_reset
  bench_add "git log" "git -C $dir log --since=${monday}T00:00:00 --until=${sunday}T23:59:59 --name-only"
  bench_add_cascade "digest" "-C $dir --today $head digest --week $week"
  bench_run "/tmp/bench-digest"
  bench_report "/tmp/bench-digest" "git log" "digest=1.5"
}

bench_week "the week at HEAD" "$head"
bench_week "5 weeks before HEAD" "$(date -d "$head -35 days" +%F)"
bench_week "five years back" "$(date -d "$head -5 years" +%F)"
