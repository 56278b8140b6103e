#!/usr/bin/env bash
# Time the everyday views against `git status --porcelain` in one run, on a notebook of 40
# reports, 10,000 notes of 1-8 KB and 100,000 commits over 10 years: `status`, `actions --open`
# and `log REPORT` (one report of the 40), with each one's ratio to git status (bar: 2×).
#
#   scripts/bench-views.sh [DIR]
#
# DIR defaults to /tmp/cascade-history-40, generated once (fixed seed) by
#   scripts/gen-history.sh --reports 40 --notes 10000 --kb 1-8 --tail-weeks 3 DIR 100000 10
# The views run with --today set to HEAD's date. CASCADE_BIN, CASCADE_BEFORE, ROUNDS and RUNS:
# see scripts/bench-lib.sh.
set -euo pipefail
source "$(dirname "$0")/bench-lib.sh"

dir=${1:-/tmp/cascade-history-40}
[ -d "$dir" ] || "$bench_root/scripts/gen-history.sh" --reports 40 --notes 10000 --kb 1-8 --tail-weeks 3 "$dir" 100000 10
bench_binaries

export TZ=UTC LC_ALL=C
today=$(git -C "$dir" log -1 --format=%cs)
bench_own_copy "$dir" "$today"
report=$(ls "$dir/notes" | sort | head -1)
echo "notebook: $dir ($(git -C "$dir" rev-list --count HEAD) commits, $(git -C "$dir" ls-files notes | wc -l) notes in $(ls "$dir/notes" | wc -l) reports, HEAD $today)"
echo

bench_reset
bench_add "git status" "git -C $dir status --porcelain"
# The note index (<git dir>/cascade/notes.index) is written by the first run (the warm-up):
# the timed runs read unchanged notes from it. `--no-cache` times the same view reading every note.
bench_add_cascade "status" "-C $dir --today $today status"
bench_add_cascade "status --no-cache" "-C $dir --today $today --no-cache status"
bench_add_cascade "actions --open" "-C $dir --today $today actions --open"
bench_add_cascade "log $report" "-C $dir --today $today log $report"
bench_run "/tmp/bench-views"
bench_report "/tmp/bench-views" "git status" "status=2" "actions --open=2" "log $report=2"

echo
echo "peak memory (MiB):"
for v in status "actions --open" "log $report"; do
  # shellcheck disable=SC2086
  line="  $v: $(peak_mib "$cascade" -C "$dir" --today "$today" $v)"
  # shellcheck disable=SC2086
  [ -z "$before" ] || line="$line (before: $(peak_mib "$before" -C "$dir.before" --today "$today" $v))"
  echo "$line"
done
