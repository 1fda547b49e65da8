#!/usr/bin/env python3
"""Two briefpress builds on the same document, run in turn (A, B, A, B, …),
so that the machine's drift weighs on both alike. hyperfine runs all of one
command, then all of the other: on this project's VMs, whose speed drifts
by up to 30% within minutes, that can decide which one looks faster.

usage: bench/compare.py BRIEFPRESS_A BRIEFPRESS_B [SOURCE.xml] [--runs N]

Prints each build's median and fastest wall time (whole process, spawned
from Python, which adds about a millisecond to each: for absolute figures
use bench/run.py) and the median of the per-round ratios B/A, which drift
cancels out of.
"""
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import BRIEF, timed  # noqa: E402


def main():
    args = sys.argv[1:]
    runs = 100
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    if len(args) < 2:
        sys.exit("usage: bench/compare.py BRIEFPRESS_A BRIEFPRESS_B [SOURCE.xml] [--runs N]")
    tools = [os.path.abspath(a) for a in args[:2]]
    source = os.path.abspath(args[2]) if len(args) > 2 else BRIEF
    work = tempfile.mkdtemp(prefix="briefpress-compare-")
    argvs = [[t, "build", source, "-o", os.path.join(work, f"{k}.pdf")]
             for k, t in enumerate(tools)]
    for argv in argvs * 3:  # warm-up: page cache, CPU frequency
        timed(argv)
    times = [[], []]
    for _ in range(runs):
        for k, argv in enumerate(argvs):
            times[k].append(timed(argv))
    for name, t in zip("AB", times):
        print(f"{name}: median {statistics.median(t) * 1000:7.1f} ms, "
              f"fastest {min(t) * 1000:7.1f} ms   ({tools['AB'.index(name)]})")
    ratio = statistics.median(b / a for a, b in zip(*times))
    print(f"B/A, median of {runs} rounds: {ratio:.3f} ({1 / ratio:.2f}x "
          f"{'faster' if ratio < 1 else 'slower'} for B)")


if __name__ == "__main__":
    main()
