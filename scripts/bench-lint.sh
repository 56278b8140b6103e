#!/usr/bin/env bash
# Lint speed on a seeded corpus, in one run: `rg -c ''` over the notes (the floor of reading
# them), `cascade lint`, and where installed, `mado check` and `markdownlint-cli2`.
#
#   scripts/bench-lint.sh [N ...]        # default: 10000 100000
#
# Needs hyperfine and rg (installed with apt-get when missing). mado and markdownlint-cli2 are
# timed when on PATH (or markdownlint-cli2 under ./node_modules/.bin). Corpora are generated
# once under $BENCH_DIR (default /tmp/cascade-lint-bench) with a fixed seed.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
bench_dir=${BENCH_DIR:-/tmp/cascade-lint-bench}
runs=${RUNS:-5}

need() {
  command -v "$1" >/dev/null && return
  echo "installing $2" >&2
  (apt-get install -y "$2" >/dev/null 2>&1 || sudo apt-get install -y "$2" >/dev/null) ||
    { echo "$1 is needed: install $2" >&2; exit 2; }
}
need hyperfine hyperfine
need rg ripgrep

cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
cascade=$PWD/target/release/cascade
gen=$PWD/target/release/examples/gen_corpus
mdl=$(command -v markdownlint-cli2 || ls "$PWD"/node_modules/.bin/markdownlint-cli2 2>/dev/null || true)
mado=$(command -v mado || true)

echo "machine: $(nproc) cores, $(uname -sr); rg $(rg --version | head -1 | cut -d' ' -f2)"
[ -n "$mado" ] && echo "mado: $($mado --version)"
[ -n "$mdl" ] && echo "markdownlint-cli2: $("$mdl" --help 2>/dev/null | head -1)"

for n in "${sizes[@]}"; do
  dir=$bench_dir/n$n
  if [ ! -f "$dir/summary.txt" ]; then
    rm -rf "$dir"
    "$gen" "$dir" "$n" 42 > "$bench_dir.summary.tmp"
    mv "$bench_dir.summary.tmp" "$dir/summary.txt"
  fi
  summary=$(cat "$dir/summary.txt")
  today=${summary##*today=}
  echo
  echo "== $n notes: $summary"
  rg -c '' "$dir/notes" >/dev/null # warm the page cache
  cmds=(-n rg "rg -c '' $dir/notes"
        -n cascade "$cascade -C $dir --today $today lint --format json")
  [ -n "$mado" ] && cmds+=(-n mado "$mado check $dir/notes")
  hyperfine -N -i --warmup 1 --runs "$runs" --style basic --export-json "$dir/times.json" "${cmds[@]}" >/dev/null
  if [ -n "$mdl" ]; then
    # markdownlint-cli2 takes minutes at 100k notes: timed on its own, once there.
    r=3
    [ "$n" -ge 50000 ] && r=1
    hyperfine -N -i --runs "$r" --style basic --export-json "$dir/mdl.json" \
      -n markdownlint-cli2 "$mdl '$dir/notes/**/*.md'" >/dev/null
    python3 -c "import json,sys; a=json.load(open('$dir/times.json')); a['results']+=json.load(open('$dir/mdl.json'))['results']; json.dump(a,open('$dir/times.json','w'))"
  fi
  # Lint exits 1 on the planted errors; only its peak memory matters here.
  peak=$( { /usr/bin/time -f '%M' "$cascade" -C "$dir" --today "$today" lint --format json >/dev/null || true; } 2>&1 | tail -1)
  python3 - "$dir/times.json" "$peak" "$n" <<'EOF'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
peak_kib, n = int(sys.argv[2]), int(sys.argv[3])
rg = res["rg"]["mean"]
for name, r in res.items():
    print(f"  {name:<18} {r['mean']:8.3f} s ± {r['stddev'] or 0:.3f}  ({r['mean'] / rg:5.2f}× rg)")
c = res["cascade"]["mean"]
print(f"  cascade / rg: {c / rg:.2f}×   peak memory: {peak_kib / 1024:.1f} MiB   {n / c:,.0f} notes/s")
open(sys.argv[1] + ".cascade", "w").write(str(c))
for peer in ("mado", "markdownlint-cli2"):
    if peer in res:
        print(f"  {peer} / cascade: {res[peer]['mean'] / c:.1f}×")
EOF
done

if [ ${#sizes[@]} -ge 2 ]; then
  a=$(cat "$bench_dir/n${sizes[0]}/times.json.cascade"); b=$(cat "$bench_dir/n${sizes[-1]}/times.json.cascade")
  python3 -c "print(f'\n{${sizes[-1]}} / {${sizes[0]}} notes: {$b / $a:.1f}× the time ({${sizes[-1]} / ${sizes[0]}:.0f}× the notes)')"
fi

# One note, end to end (process start, config, walk of the notebook's names, one file).
dir=$bench_dir/n${sizes[0]}
one=$(find "$dir/notes" -name '*.md' | sort | sed -n 1p)
today=$(sed 's/.*today=//' "$dir/summary.txt")
hyperfine -N -i --warmup 3 --runs 30 --style basic --export-json "$bench_dir/one.json" \
  "$cascade -C $dir --today $today lint $one" >/dev/null
python3 -c "import json; r=json.load(open('$bench_dir/one.json'))['results'][0]; print(f\"\none note of a {${sizes[0]}}-note notebook: {r['mean']*1000:.1f} ms ± {r['stddev']*1000:.1f}\")"
