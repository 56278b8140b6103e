#!/bin/sh
# Generate a cascade notebook with a long git history, for benchmarking `cascade digest`.
#
#   scripts/gen-history.sh DIR [COMMITS] [YEARS]
#
# Defaults: 100000 commits over 10 years (2017-01-02 to 2026-12-27), twelve reports met
# weekly, one supervisor. Every commit touches one note: the first commit of a meeting
# writes its note (actions carried from the previous one), later commits in the week edit
# it or tick one of its actions. Commits carry the +01:00 offset. Deterministic (fixed seed):
# the same arguments give the same repository, commit ids included.
#
# Needs only POSIX sh, awk and git (the history is streamed into `git fast-import`).
set -eu

dir=${1:?usage: scripts/gen-history.sh DIR [COMMITS] [YEARS]}
commits=${2:-100000}
years=${3:-10}

if [ -e "$dir" ]; then
    echo "gen-history: $dir already exists; remove it first" >&2
    exit 2
fi
mkdir -p "$dir"
git -C "$dir" init -q -b main
export LC_ALL=C

awk -v COMMITS="$commits" -v YEARS="$years" '
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
    t = "---\ndate: " date[i] "\nreport: " rep[i] "\nsupervisor: dana\nduration_min: 60\ncadence_days: 7\n"
    t = t "share_with: [" (i % 3 == 0 ? "sales" : (i % 3 == 1 ? "platform" : "finance")) "]\n"
    t = t "indicators:\n  incoming_orders: " orders[i] "\n  morale: " morale[i] "\n---\n\n"
    t = t "# 1:1 " rep[i] " / dana - " date[i] "\n\n## Leverage\nUnblock the quarter plan for the team of " rep[i] ".\n\n"
    t = t "## Common base\nWe agreed on how to review the pipeline every Monday.\n\n"
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
}
BEGIN {
    srand(20261124)
    R = 12
    start = 17168                     # 2017-01-02, a Monday
    ndays = int(YEARS * 365.25 / 7) * 7
    perday = COMMITS / ndays
    cfg = "me = \"dana\"\nwork_hours_per_week = 40\ndefault_cadence_days = 7\n"
    for (i = 1; i <= R; i++) {
        rep[i] = sprintf("r%02d", i); orders[i] = 400; morale[i] = 7; nact[i] = 0; date[i] = ""
        cfg = cfg "\n[people." rep[i] "]\nname = \"Report " i "\"\ncadence_days = 7\n"
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
        # meetings of the day: report i meets on weekday (i % 5)
        for (i = 1; i <= R && made < COMMITS; i++) {
            if (dd % 7 == i % 5) {
                new_note(i, d)
                slot++
                commit(d * 86400 + 8 * 3600 + slot * 600, "Meeting with " rep[i])
                blob("notes/" rep[i] "/" date[i] ".md", note(i))
                made++; want--
            }
        }
        for (; want > 0 && made < COMMITS; want--) {
            i = 1 + int(rand() * R)
            if (date[i] == "" || d - day[i] > 6) {
                for (j = 1; j <= R; j++) if (date[j] != "" && d - day[j] <= 6) { i = j; break }
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
