#!/usr/bin/env python3
"""Inter-word spacing on the justified lines of a PDF, read back with
pdftotext -bbox-layout: the figure to compare with LaTeX on the same text.

usage: bench/spacing.py FILE.pdf [--size 10.5]

A justified line is a body-size line that ends at the right margin. Gaps
between words are given in ems of the body size. Prints one report; it is
a measurement, not a test.
"""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import pdftext  # noqa: E402


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("--size", type=float, default=10.5,
                    help="body font size in pt, the em the spaces are given in (brief.css: 10.5)")
    args = ap.parse_args()

    pages = pdftext.pages(args.pdf)
    body_height = pdftext.body_height(pages)
    body = [l for page in pages for l in page if abs(l.height - body_height) < 0.3]
    # The right margin: where most body lines end.
    ends = {}
    for l in body:
        ends[round(l.x1, 1)] = ends.get(round(l.x1, 1), 0) + 1
    right = max(ends, key=ends.get)
    overfull = [l for l in body if l.x1 > right + 0.6]
    justified = [l for l in body if right - l.x1 < 0.6 and len(l.boxes) > 1]
    gaps = []
    for line in justified:
        for a, b in zip(line.boxes, line.boxes[1:]):
            gaps.append((b[0] - a[2]) / args.size)
    hyphenated = [l for l in body if l.words[-1].endswith("-")]
    run, worst = 0, 0
    for page in pages:
        for l in page:
            if abs(l.height - body_height) >= 0.3:
                continue
            run = run + 1 if l.words[-1].endswith("-") else 0
            worst = max(worst, run)
    print(f"file: {args.pdf}")
    print(f"body lines: {len(body)}, justified: {len(justified)}, gaps: {len(gaps)}")
    print(f"inter-word space (em): median {statistics.median(gaps):.3f}, "
          f"p5 {percentile(gaps, 5):.3f}, p95 {percentile(gaps, 95):.3f}, "
          f"spread p95-p5 {percentile(gaps, 95) - percentile(gaps, 5):.3f}, "
          f"min {min(gaps):.3f}, max {max(gaps):.3f}")
    print(f"lines past the right margin: {len(overfull)}")
    chars = [len(l.text) for l in justified]
    print(f"characters per justified line: mean {statistics.mean(chars):.1f}, "
          f"min {min(chars)}, max {max(chars)}")
    print(f"lines ending in a hyphen: {len(hyphenated)} (longest run of consecutive: {worst})")


if __name__ == "__main__":
    main()
