#!/usr/bin/env python3
"""Broken inputs give the expected file:line:col diagnostic and exit status,
and never replace an existing output file.

usage: check_errors.py BRIEFPRESS ERRORS_DIR WORKDIR

Each fixture states what it expects in a comment (or in NAME.expect):
  <!-- expect: exit 1; 7:33 error xref-unresolved did you mean "x"; text "words" -->
("stderr" names a message without a place: `stderr "what it says"`.)
"""
import glob
import os
import re
import subprocess
import sys

briefpress, errors_dir, workdir = sys.argv[1:4]
os.makedirs(workdir, exist_ok=True)
results = []
SENTINEL = b"%PDF-1.4\n% a good PDF from an earlier build\n"


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""))


def expectation(path):
    side = os.path.splitext(path)[0] + ".expect"
    text = open(side if os.path.exists(side) else path, encoding="utf-8", errors="replace").read()
    m = re.search(r"<!--\s*expect:\s*(.*?)\s*-->", text)
    return m.group(1) if m else None


def run_build(src, out):
    with open(out, "wb") as f:
        f.write(SENTINEL)
    p = subprocess.run([briefpress, "build", src, "-o", out], capture_output=True, text=True)
    return p, open(out, "rb").read() if os.path.exists(out) else None


for src in sorted(glob.glob(os.path.join(errors_dir, "*.xml"))):
    name = os.path.basename(src)
    exp = expectation(src)
    if not exp:
        check(f"{name}: has an expectation", False)
        continue
    out = os.path.join(workdir, name + ".pdf")
    p, after = run_build(src, out)
    for part in [s.strip() for s in exp.split(";")]:
        if part.startswith("exit "):
            want = int(part.split()[1])
            check(f"{name}: exit {want}", p.returncode == want, f"got {p.returncode}\n{p.stderr}")
            if want != 0:
                check(f"{name}: existing output untouched", after == SENTINEL)
                leftovers = [f for f in os.listdir(workdir) if f.startswith("." + name)]
                check(f"{name}: no temporary file left", not leftovers, repr(leftovers))
            else:
                q = subprocess.run(["qpdf", "--check", out], capture_output=True, text=True)
                check(f"{name}: output is a valid PDF", q.returncode == 0, q.stdout)
        elif part.startswith("stderr "):
            want = part[7:].strip().strip('"')
            check(f"{name}: says {want!r}", want in p.stderr, p.stderr)
        elif part.startswith("text "):
            want = part[5:].strip().strip('"')
            text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True).stdout
            check(f"{name}: text {want!r} is set", want in " ".join(text.split()))
        else:
            m = re.match(r"(\d+):(\d+) (error|warning) (\S+)\s*(.*)", part)
            line, col, sev, code, msg = m.groups()
            pattern = (re.escape(f"{src}:{line}:{col}: {sev}: ") + r".*" + re.escape(msg) +
                       r".*" + re.escape(f"[{code}]"))
            check(f"{name}: {line}:{col} {sev} [{code}]",
                  re.search(pattern, p.stderr) is not None, p.stderr)

# Environment and usage errors.
p, after = run_build(os.path.join(errors_dir, "does-not-exist.xml"), os.path.join(workdir, "missing.pdf"))
check("missing source: exit 3", p.returncode == 3, p.stderr)
check("missing source: message names the file", "does-not-exist.xml" in p.stderr, p.stderr)
check("missing source: existing output untouched", after == SENTINEL)
p = subprocess.run([briefpress], capture_output=True, text=True)
check("no arguments: exit 2 with usage", p.returncode == 2 and "usage:" in p.stderr, p.stderr)
p = subprocess.run([briefpress, "build", "--frobnicate", "x.xml"], capture_output=True, text=True)
check("unknown option: exit 2", p.returncode == 2, p.stderr)
good = os.path.join(errors_dir, "..", "..", "sources", "kazakhstan-2022.xml")
p = subprocess.run([briefpress, "build", good, "-o", "/nonexistent-dir/out.pdf"],
                   capture_output=True, text=True)
check("unwritable output: exit 3", p.returncode == 3, p.stderr)
check("unwritable output: says why", "/nonexistent-dir/out.pdf" in p.stderr, p.stderr)
p = subprocess.run([briefpress, "check", good], capture_output=True, text=True)
check("check on the brief: exit 0, no output", p.returncode == 0 and p.stdout == "", p.stderr)
p = subprocess.run([briefpress, "build", good, "-o", os.path.join(workdir, "timed.pdf"), "--timings"],
                   capture_output=True, text=True)
stages = ["parse", "expand", "style", "resolve", "fonts", "layout", "paginate", "render", "write",
          "total"]
check("--timings: every stage and the total, layout passes counted",
      p.returncode == 0 and all(re.search(rf"^\s+{s}\s+\d+\.\d+", p.stderr, re.M) for s in stages)
      and re.search(r"layout .*\(\d+ pass(es)?\)", p.stderr) is not None, p.stderr)
p = subprocess.run([briefpress, "--version"], capture_output=True, text=True)
check("--version", p.returncode == 0 and p.stdout.startswith("briefpress "), p.stdout)

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
