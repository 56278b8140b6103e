#!/usr/bin/env python3
"""Merge hyperfine JSON exports of one run and print each command's time and ratio to a reference.

    bench-report.py REF [NAME=BAR ...] -- FILE.json ...

The times of a command across the files (rounds) are pooled; ratios are of medians. A bar is
the highest ratio allowed for NAME and for "NAME (before)".
"""
import json
import statistics
import sys

args = sys.argv[1:]
sep = args.index("--")
ref, bars, files = args[0], dict(a.split("=", 1) for a in args[1:sep]), args[sep + 1 :]
times, order = {}, []
for f in files:
    for r in json.load(open(f))["results"]:
        if r["command"] not in times:
            order.append(r["command"])
        times.setdefault(r["command"], []).extend(r["times"])
order.sort(key=lambda n: n != ref)  # the reference first, then as listed
base = statistics.median(times[ref])
width = max(len(n) for n in order)
print(f"  {'command':<{width}}  {'median':>9}  {'mean ± sd':>17}  {'runs':>4}  {'ratio':>7}  bar")
for name in order:
    t = times[name]
    med, mean = statistics.median(t), statistics.mean(t)
    sd = statistics.stdev(t) if len(t) > 1 else 0.0
    ratio = med / base
    bar = bars.get(name.replace(" (before)", ""))
    verdict = "" if name == ref or bar is None else f"≤ {bar}× {'met' if ratio <= float(bar) else 'NOT met'}"
    print(
        f"  {name:<{width}}  {med * 1000:7.1f}ms  {mean * 1000:7.1f} ± {sd * 1000:5.1f}ms  {len(t):>4}"
        f"  {ratio:6.2f}×  {verdict}"
    )
