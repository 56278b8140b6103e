#!/usr/bin/env python3
"""Median wall time of `cascade --help` and `cascade new` (release build), 50 runs each."""
import os, statistics, subprocess, sys, tempfile, time

B = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/cascade")

def median_ms(args, cwd, setup=None, n=50):
    xs = []
    for _ in range(n):
        if setup:
            setup()
        s = time.perf_counter()
        subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        xs.append((time.perf_counter() - s) * 1000)
    return statistics.median(xs)

with tempfile.TemporaryDirectory() as d:
    subprocess.run([B, "init", d, "--me", "dana"], stdout=subprocess.DEVNULL, check=True)
    subprocess.run([B, "person", "add", "alice"], cwd=d, stdout=subprocess.DEVNULL, check=True)
    note = os.path.join(d, "notes/alice/2026-11-24.md")
    def rm():
        if os.path.exists(note):
            os.remove(note)
    print("cascade --help: %.2f ms" % median_ms([B, "--help"], d))
    print("cascade new:    %.2f ms" % median_ms([B, "--today", "2026-11-24", "new", "alice"], d, rm))
