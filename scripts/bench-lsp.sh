#!/usr/bin/env bash
# How long `cascade lsp` takes from an edit of one note to its findings, in a notebook of N
# notes (default 10000): the seeded corpus of bench-lint.sh, then the same notebook committed
# to git (lint then reads git's history for the action model, as in a real notebook).
#
#   scripts/bench-lsp.sh [N] [EDITS]
#
# Corpora are generated once under $BENCH_DIR (default /tmp/cascade-lint-bench, shared with
# bench-lint.sh) with a fixed seed. The note edited is the first of the first report, whose
# folder holds N/25 notes, all read for the rules that follow actions across notes.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
edits=${2:-50}
bench_dir=${BENCH_DIR:-/tmp/cascade-lint-bench}

cargo build --release --quiet --example gen_corpus --example bench_lsp
gen=$PWD/target/release/examples/gen_corpus
bench=$PWD/target/release/examples/bench_lsp

dir=$bench_dir/n$n
mkdir -p "$bench_dir"
if [ ! -f "$dir/summary.txt" ]; then
  rm -rf "$dir"
  "$gen" "$dir" "$n" 42 > "$bench_dir.summary.tmp"
  mv "$bench_dir.summary.tmp" "$dir/summary.txt"
fi
summary=$(cat "$dir/summary.txt")
today=${summary##*today=}
echo "machine: $(nproc) cores, $(uname -sr)"
echo
echo "== $n notes, not a git repository: $summary"
"$bench" "$dir" "$today" "" "$edits"

git_dir=$bench_dir/n$n-git
if [ ! -d "$git_dir/.git" ]; then
  rm -rf "$git_dir"
  cp -r "$dir" "$git_dir"
  git -C "$git_dir" init -q
  git -C "$git_dir" add -A
  git -C "$git_dir" -c user.name=bench -c user.email=bench@example.com commit -q -m corpus
fi
echo
echo "== the same $n notes, committed to git"
"$bench" "$git_dir" "$today" "" "$edits"
