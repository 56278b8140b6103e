#!/bin/sh
# Generate a cascade notebook with a long git history, for benchmarking `cascade digest` and
# the everyday views.
#
#   scripts/gen-history.sh [--reports R] [--notes N] [--kb MIN-MAX] [--tail-weeks W] DIR [COMMITS] [YEARS]
#
# Defaults: 100000 commits over 10 years (2017-01-02 to 2026-12-27), twelve reports met
# weekly, one supervisor. Every commit touches one note: the first commit of a meeting
# writes its note (actions carried from the previous one), later commits in the week edit
# it or tick one of its actions. Commits carry the +01:00 offset. Deterministic (fixed seed):
# the same arguments give the same repository, commit ids included.
#
#   --reports R      R reports instead of twelve (declared in cascade.toml, as r01, r02, ...).
#   --notes N        about N notes in all: each week holds N / weeks meetings, given to the
#                    reports in turn (each on its own weekday), so a report meets every
#                    R * weeks / N weeks; its cadence_days says so. Default: every report every week.
#   --kb MIN-MAX     notes padded to a size spread evenly between MIN and MAX KiB (the padding is
#                    plain prose in the Common base step). Default: no padding (~1.3 KB notes).
#   --tail-weeks W   no meeting in the last W weeks: their commits only edit the latest notes or
#                    tick their actions, so HEAD is W weeks after the last meeting week.
#
# The shape of issue 14 (40 reports, 10,000 notes of 1-8 KB, HEAD three weeks after the last
# meeting week):
#
#   scripts/gen-history.sh --reports 40 --notes 10000 --kb 1-8 --tail-weeks 3 /tmp/cascade-views 100000 10
#
# Needs only POSIX sh, awk and git (the history is streamed into `git fast-import`).
set -eu

usage="usage: scripts/gen-history.sh [--reports R] [--notes N] [--kb MIN-MAX] [--tail-weeks W] DIR [COMMITS] [YEARS]"
reports=12 notes=0 kbmin=0 kbmax=0 tail=0
dir= commits= years=
while [ $# -gt 0 ]; do
    case $1 in
    --reports) reports=${2:?$usage}; shift 2 ;;
    --notes) notes=${2:?$usage}; shift 2 ;;
    --kb)
        kb=${2:?$usage}
        kbmin=${kb%-*} kbmax=${kb#*-}
        shift 2 ;;
    --tail-weeks) tail=${2:?$usage}; shift 2 ;;
    -*) echo "$usage" >&2; exit 2 ;;
    *)
        if [ -z "$dir" ]; then dir=$1
        elif [ -z "$commits" ]; then commits=$1
        elif [ -z "$years" ]; then years=$1
        else echo "$usage" >&2; exit 2
        fi
        shift ;;
    esac
done
for v in "$reports" "$notes" "$kbmin" "$kbmax" "$tail" "${commits:-0}" "${years:-0}"; do
    case $v in
    '' | *[!0-9]*) echo "gen-history: not a number: '$v'; $usage" >&2; exit 2 ;;
    esac
done
if [ -z "$dir" ] || [ "$reports" -lt 1 ] || [ "$kbmax" -lt "$kbmin" ]; then
    echo "$usage" >&2
    exit 2
fi
commits=${commits:-100000}
years=${years:-10}

if [ -e "$dir" ]; then
    echo "gen-history: $dir already exists; remove it first" >&2
    exit 2
fi
mkdir -p "$dir"
git -C "$dir" init -q -b main
export LC_ALL=C

awk -v COMMITS="$commits" -v YEARS="$years" -v R="$reports" -v NOTES="$notes" \
    -v KBMIN="$kbmin" -v KBMAX="$kbmax" -v TAIL="$tail" '
function civil(z,   era, doe, yoe, y, doy, mp, d, m) {
    # days since 1970-01-01 -> YYYY-MM-DD (Howard Hinnant algorithm)
    z += 719468
    era = int((z >= 0 ? z : z - 146096) / 146097)
    doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400
    doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153)
    d = doy - int((153 * mp + 2) / 5) + 1
    m = mp < 10 ? mp + 3 : mp - 9
    if (m <= 2) y++
    return sprintf("%04d-%02d-%02d", y, m, d)
}
function blob(path, text) {
    printf "M 100644 inline %s\ndata %d\n%s\n", path, length(text), text
}
function commit(ts, msg) {
    printf "commit refs/heads/main\nmark :%d\ncommitter Dana Supervisor <dana@example.com> %d +0100\ndata %d\n%s\n", ++marks, ts, length(msg), msg
}
function note(i,   t, k, box, extra) {
    t = "---\ndate: " date[i] "\nreport: " rep[i] "\nsupervisor: dana\nduration_min: 60\ncadence_days: " cad "\n"
    t = t "share_with: [" (i % 3 == 0 ? "sales" : (i % 3 == 1 ? "platform" : "finance")) "]\n"
    t = t "indicators:\n  incoming_orders: " orders[i] "\n  morale: " morale[i] "\n---\n\n"
    t = t "# 1:1 " rep[i] " / dana - " date[i] "\n\n## Leverage\nUnblock the quarter plan for the team of " rep[i] ".\n\n"
    t = t "## Common base\nWe agreed on how to review the pipeline every Monday.\n" pad[i] "\n"
    t = t "## Reverse teaching\n" rep[i] " showed how the new dashboard computes churn.\n\n"
    t = t "## Joint data analysis\nOrders moved to " orders[i] "; morale at " morale[i] ".\n"
    for (k = 1; k <= edits[i]; k++) t = t "- follow-up note " k " on the numbers.\n"
    t = t "\n## Conclusions\n- Keep the hiring plan for " date[i] " as it is.\n- Ship the pricing change in two steps. share:sales,finance\n\n"
    t = t "## Cascading actions\n"
    for (k = 1; k <= nact[i]; k++) {
        box = st[i, k] == 1 ? "[x]" : "[ ]"
        extra = from[i, k] != "" ? " (from " from[i, k] ")" : ""
        t = t "- " box " " txt[i, k] " @" own[i, k] " due:" due[i, k] extra "\n"
    }
    t = t "\n## Private\nPersonal matters of " rep[i] " discussed on " date[i] ".\n"
    return t
}
function new_note(i, d,   k, n, keep) {
    # carry the open actions of the previous note, at most 4, then add three new ones
    n = 0
    for (k = 1; k <= nact[i]; k++) {
        if (st[i, k] == 0 && n < 4) {
            n++
            ctxt[n] = txt[i, k]; cown[n] = own[i, k]; cdue[n] = due[i, k]
            cfrom[n] = from[i, k] != "" ? from[i, k] : date[i]
        }
    }
    date[i] = civil(d); day[i] = d; edits[i] = 0
    for (k = 1; k <= n; k++) {
        txt[i, k] = ctxt[k]; own[i, k] = cown[k]; due[i, k] = cdue[k]; from[i, k] = cfrom[k]; st[i, k] = 0
    }
    for (k = n + 1; k <= n + 3; k++) {
        txt[i, k] = "Action " k " of " rep[i] " from " date[i]
        own[i, k] = (k % 2 ? rep[i] : "dana")
        due[i, k] = civil(d + 7 + (k % 3) * 3)
        from[i, k] = ""; st[i, k] = 0
    }
    nact[i] = n + 3
    orders[i] += int(rand() * 21) - 10
    morale[i] = 5 + int(rand() * 50) / 10
    pad[i] = ""
    if (KBMAX > 0) padding(i)
}
function padding(i,   want, have, line, k) {
    # a size spread evenly over KBMIN..KBMAX KiB, from the note count (no rand(): the
    # default history stays the same)
    nnotes++
    want = KBMIN * 1024 + (nnotes * 2654435761 % 4294967296) / 4294967296 * (KBMAX - KBMIN) * 1024
    have = length(note(i))
    for (k = 1; have + length(pad[i]) < want; k++) {
        line = sprintf(pads[(nnotes + k) % 5], k, rep[i])
        pad[i] = pad[i] line "\n"
    }
}
function schedule(w,   k, n, mw) {
    mw = weeks - TAIL
    if (w >= mw) { for (k = 1; k <= R; k++) meets[k] = 0; return }
    if (NOTES <= 0) return
    n = int((w + 1) * NOTES / mw) - int(w * NOTES / mw)
    if (n > R) n = R
    for (k = 1; k <= R; k++) meets[k] = 0
    for (k = 0; k < n; k++) { meets[1 + turn % R] = 1; turn++ }
}
BEGIN {
    srand(20261124)
    pads[0] = "Point %d: %s walked through the open tickets of the week and the ones that can wait."
    pads[1] = "On item %d we compared last month with this one; %s will check the outliers."
    pads[2] = "Item %d of the plan holds; %s asked for one more review before the release."
    pads[3] = "We read topic %d together, slowly: %s explained the trade-off in plain words."
    pads[4] = "Question %d stays open until the figures come back; %s keeps the list."
    start = 17168                     # 2017-01-02, a Monday
    ndays = int(YEARS * 365.25 / 7) * 7
    perday = COMMITS / ndays
    weeks = ndays / 7
    # without --notes every report meets every week; with it, a week holds NOTES / weeks
    # meetings given to the reports in turn
    cad = NOTES > 0 ? int(7 * R * (weeks - TAIL) / NOTES + 0.5) : 7
    if (cad < 7) cad = 7
    for (i = 1; i <= R; i++) meets[i] = 1
    cfg = "me = \"dana\"\nwork_hours_per_week = 40\ndefault_cadence_days = 7\n"
    for (i = 1; i <= R; i++) {
        rep[i] = sprintf("r%02d", i); orders[i] = 400; morale[i] = 7; nact[i] = 0; date[i] = ""
        cfg = cfg "\n[people." rep[i] "]\nname = \"Report " i "\"\ncadence_days = " cad "\n"
    }
    commit(start * 86400 + 7 * 3600, "Start the notebook")
    blob("cascade.toml", cfg)
    blob(".gitignore", ".cascade/\n")
    made = 1
    for (dd = 0; dd < ndays && made < COMMITS; dd++) {
        d = start + dd
        want = int((dd + 1) * perday) - int(dd * perday)
        if (dd == ndays - 1) want = COMMITS - made
        slot = 0
        if (dd % 7 == 0) schedule(int(dd / 7))
        # meetings of the day: report i meets on weekday (i % 5)
        for (i = 1; i <= R && made < COMMITS; i++) {
            if (meets[i] && dd % 7 == i % 5) {
                new_note(i, d)
                slot++
                commit(d * 86400 + 8 * 3600 + slot * 600, "Meeting with " rep[i])
                blob("notes/" rep[i] "/" date[i] ".md", note(i))
                made++; want--
            }
        }
        for (; want > 0 && made < COMMITS; want--) {
            i = 1 + int(rand() * R)
            if (date[i] == "" || d - day[i] > cad - 1) {
                # edit a note of the last cad days: the next report after i with one (the
                # first one without --notes, as the default history always did)
                for (j = 0; j < R; j++) {
                    k = NOTES > 0 ? 1 + (i + j) % R : 1 + j
                    if (date[k] != "" && d - day[k] <= cad - 1) { i = k; break }
                }
            }
            if (date[i] == "") { i = 1; new_note(i, d) }
            r = rand()
            ticked = 0
            if (r < 0.3) {
                for (k = 1; k <= nact[i]; k++) if (st[i, k] == 0) { st[i, k] = 1; ticked = 1; break }
            }
            if (!ticked) edits[i] = (edits[i] % 9) + 1
            slot++
            commit(d * 86400 + 8 * 3600 + slot * 600, (ticked ? "Tick an action of " : "Edit notes of ") rep[i])
            blob("notes/" rep[i] "/" date[i] ".md", note(i))
            made++
        }
    }
}
' | git -C "$dir" fast-import --quiet

git -C "$dir" checkout -q -f main
echo "generated $(git -C "$dir" rev-list --count HEAD) commits, $(git -C "$dir" ls-files notes | wc -l) notes in $dir"
