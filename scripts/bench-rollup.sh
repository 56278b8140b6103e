#!/bin/sh
# Time `cascade rollup` over SOURCES local notebooks (default 50), each a git repository with
# a committed audience digest of 2026-W48 for `leadership` (20 conclusions, 30 actions, 8
# indicators) and a year of commits before it, with hyperfine.
#
#   scripts/bench-rollup.sh [DIR] [SOURCES]
#
# DIR defaults to /tmp/cascade-rollup-bench and is made afresh. Uses the release build (built
# here if needed).
set -eu

dir=${1:-/tmp/cascade-rollup-bench}
sources=${2:-50}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/target/release/cascade"

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
command -v hyperfine >/dev/null || { echo "needs hyperfine" >&2; exit 2; }

export TZ=UTC LC_ALL=C GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
rm -rf "$dir"
mkdir -p "$dir"

# The audience digest of manager $1, as `digest --commit --audience leadership` commits it.
digest() {
    m=$1
    printf '{\n  "version": 1,\n  "kind": "audience",\n  "week": "2026-W48",\n'
    printf '  "from": "2026-11-23",\n  "to": "2026-11-29",\n  "as_of": "2026-11-27",\n'
    printf '  "audience": "leadership",\n  "audience_name": "Leadership",\n'
    printf '  "supervisor": "%s",\n  "supervisor_name": "Manager %s",\n  "conclusions": [\n' "$m" "$m"
    i=1
    while [ $i -le 20 ]; do
        [ $i -gt 1 ] && printf ',\n'
        printf '    {"text": "%s: conclusion %d about pricing, hiring and the release", "report": "r%d", "report_name": "Report %d", "date": "2026-11-2%d", "link": "https://git.example.org/%s/1on1/blob/main/notes/r%d/2026-11-24.md#L%d"}' \
            "$m" $i $((i % 8)) $((i % 8)) $((3 + i % 5)) "$m" $((i % 8)) $((10 + i))
        i=$((i + 1))
    done
    printf '\n  ],\n  "actions": {\n'
    for list in done dropped opened open overdue; do
        printf '    "%s": [\n' $list
        i=1
        while [ $i -le 6 ]; do
            [ $i -gt 1 ] && printf ',\n'
            printf '      {"text": "%s: %s action %d", "state": "open", "report": "r%d", "report_name": "Report %d", "owners": ["r%d"], "due": "2026-11-2%d", "opened": "2026-11-02", "days_late": %s, "done_on": null, "dropped_on": null, "link": null}' \
                "$m" $list $i $i $i $i $i "$([ $list = overdue ] && echo $i || echo null)"
            i=$((i + 1))
        done
        printf '\n    ]'
        [ $list = overdue ] || printf ','
        printf '\n'
    done
    printf '  },\n  "indicators": [\n'
    i=1
    while [ $i -le 8 ]; do
        [ $i -gt 1 ] && printf ',\n'
        printf '    {"report": "r%d", "report_name": "Report %d", "name": "nps", "date": "2026-11-24", "value": %d, "previous": %d, "delta": 2, "flagged": false, "link": null}' \
            $i $i $((40 + i)) $((38 + i))
        i=$((i + 1))
    done
    printf '\n  ]\n}\n'
}

# Each source: 52 weekly commits of digests (so the tip is one commit among many), the last
# one the week read.
n=1
while [ $n -le "$sources" ]; do
    m=$(printf 'm%02d' $n)
    s="$dir/$m-1on1"
    git init -q -b main "$s"
    {
        w=1
        while [ $w -le 52 ]; do
            printf 'commit refs/heads/main\ncommitter Bench <bench@example.com> %d +0000\ndata 7\ndigest\n' \
                $((1764000000 - (52 - w) * 604800))
            if [ $w -eq 52 ]; then
                f=$(mktemp)
                digest "$m" >"$f"
                printf 'M 644 inline digests/2026-W48/leadership.json\ndata %d\n' "$(wc -c <"$f")"
                cat "$f"
                rm -f "$f"
            else
                printf 'M 644 inline digests/2025-W%02d/leadership.json\ndata 3\n{}\n' $((w % 52 + 1))
            fi
            w=$((w + 1))
        done
    } | git -C "$s" fast-import --quiet
    git -C "$s" reset -q --hard main
    n=$((n + 1))
done

boss="$dir/boss"
"$bin" init --me boss "$boss" >/dev/null 2>&1
{
    printf '\n[rollup]\naudience = "leadership"\n'
    n=1
    while [ $n -le "$sources" ]; do
        m=$(printf 'm%02d' $n)
        printf '\n[[rollup.source]]\nname = "%s"\nurl = "../%s-1on1"\n' "$m" "$m"
        n=$((n + 1))
    done
} >>"$boss/cascade.toml"

cmd="$bin -C $boss --today 2026-11-27 rollup --week 2026-W48"
$cmd >/dev/null
echo "sources: $sources local notebooks, $($cmd --format json | grep -c '"state": "read"') read"
echo "roll-up: $($cmd | wc -l) lines of Markdown"
hyperfine --warmup 3 --runs 30 --style basic "$cmd" "$cmd --format json"
