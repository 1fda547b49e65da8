#!/usr/bin/env python3
"""Times `briefpress build` on the brief and on generated briefs of about
200 and 2000 pages (bench/gen_brief.py) with hyperfine, and prints, per
document: pages, median wall time, pages per second, peak memory
(/usr/bin/time -v), and the per-page scaling from 200 to 2000 pages, from
the medians and from rounds that build the two in turn.
With FOP and the DocBook XSL-NS stylesheets installed it times FOP on the
brief too and prints the ratio.

usage: bench/run.py [BRIEFPRESS] [--runs N]     (default build/briefpress, 10 runs)
Timings are for reading, never asserted: machines are noisy.
"""
import os
import re
import shutil
import statistics
import subprocess
import tempfile

from common import BRIEF, generate, medians, parse_args, require, timed


def pages_of(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(m.group(1)) if m else 0


def peak_memory_kb(argv):
    p = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, text=True)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return int(m.group(1)) if m else 0


def main():
    tool, runs = parse_args(10)
    require("hyperfine", "pdfinfo")
    work = tempfile.mkdtemp(prefix="briefpress-bench-")
    docs = [("brief", BRIEF)]
    for pages in (200, 2000):
        path = os.path.join(work, f"brief-{pages}.xml")
        generate(pages, path)
        docs.append((f"~{pages} pages", path))
    rows = []
    for name, src in docs:
        pdf = os.path.join(work, os.path.basename(src) + ".pdf")
        argv = [tool, "build", src, "-o", pdf]
        median = medians([" ".join(argv)], runs if name == "brief" else max(3, runs // 3), work)[0]
        n = pages_of(pdf)
        rows.append((name, n, median, n / median if median else 0, peak_memory_kb(argv)))
    print(f"{'document':<14}{'pages':>7}{'median s':>11}{'pages/s':>10}{'peak MB':>9}")
    for name, n, median, rate, kb in rows:
        print(f"{name:<14}{n:>7}{median:>11.3f}{rate:>10.0f}{kb / 1024:>9.0f}")
    # How long starting a process takes right now: this VM has slow spells
    # in which even an empty program takes twice as long, and every figure
    # above with it.
    true_s = medians([shutil.which("true")], runs, work)[0]
    print(f"starting and ending an empty process (true): {1000 * true_s:.1f} ms")
    (_, p200, t200, _, _), (_, p2000, t2000, _, _) = rows[1], rows[2]
    if p200 and p2000:
        ratio = (t2000 / p2000) / (t200 / p200)
        print(f"time per page: {1000 * t200 / p200:.2f} ms at {p200} pages, "
              f"{1000 * t2000 / p2000:.2f} ms at {p2000} pages ({ratio:.2f}x)")
        # The same ratio from rounds that build the two in turn: the VM's
        # drift over the minutes the runs above take cancels out of each.
        argvs = [[tool, "build", src, "-o", os.path.join(work, "turn.pdf")]
                 for _, src in docs[1:]]
        turns = [timed(argvs[1]) / p2000 / (timed(argvs[0]) / p200)
                 for _ in range(max(5, runs))]
        print(f"time per page at {p2000} against {p200} pages, built in turn "
              f"({len(turns)} rounds): {statistics.median(turns):.2f}x")
    fop_xsl = "/usr/share/xml/docbook/stylesheet/docbook-xsl-ns/fo/docbook.xsl"
    if shutil.which("fop") and os.path.exists(fop_xsl):
        fo_cmd = f"fop -xml {docs[0][1]} -xsl {fop_xsl} -pdf {os.path.join(work, 'fop.pdf')}"
        fop = medians([fo_cmd], 3, work)[0]
        print(f"FOP on the brief: median {fop:.3f} s; briefpress is {fop / rows[0][2]:.1f}x faster")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
