#!/usr/bin/env python3
"""briefpress init: the scaffold is valid DocBook 5 and builds clean.

usage: check_init.py BRIEFPRESS WORKDIR
"""
import os
import shutil
import subprocess
import sys

briefpress, workdir = sys.argv[1:3]
shutil.rmtree(workdir, ignore_errors=True)
os.makedirs(workdir)
results = []
DOCBOOK_RNG = "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng"


def check(name, ok, detail=""):
    ok = bool(ok)
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}: {name}" + (f" — {detail}" if detail and not ok else ""))


def run(*args):
    return subprocess.run([briefpress, *args], cwd=workdir, capture_output=True, text=True,
                          timeout=300)


source = os.path.join(workdir, "sources", "kyrgyzstan-2024.xml")
p = run("init", "kyrgyzstan-2024")
check("init: exit 0, says what it created",
      p.returncode == 0 and "sources/kyrgyzstan-2024.xml" in p.stdout, p.stdout + p.stderr)
check("init: sources/NAME.xml exists", os.path.isfile(source))
with open(source, encoding="utf-8") as f:
    text = f.read()
for part in ("<info>", "<title>", "<section", "<footnote>", "<biblioref", "<xref",
             "<bibliography", "<biblioentry", "<appendix", "<!--"):
    check(f"template has {part}", part in text)

v = subprocess.run(["xmllint", "--noout", "--relaxng", DOCBOOK_RNG, source],
                   capture_output=True, text=True)
check("scaffold validates against DocBook 5", v.returncode == 0, v.stderr)

p = run("build", "--werror", "sources/kyrgyzstan-2024.xml")
check("scaffold builds with --werror: exit 0", p.returncode == 0, p.stderr)
check("scaffold builds without a diagnostic",
      p.stderr.splitlines() and all(l.startswith("out/kyrgyzstan-2024.pdf: ")
                                    for l in p.stderr.splitlines()), p.stderr)
pdf = os.path.join(workdir, "out", "kyrgyzstan-2024.pdf")
t = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
check("the PDF has the footnote's citation and the cross-reference",
      "Title of the Report" in t and "Section 1" in t and "Appendix A" in t, t)

# Never over an existing brief; names stay inside sources/.
with open(source, "a", encoding="utf-8") as f:
    f.write("<!-- my edits -->\n")
with open(source, encoding="utf-8") as f:
    edited = f.read()
p = run("init", "kyrgyzstan-2024.xml")
check("init over an existing file: exit 3 with a clear message",
      p.returncode == 3 and "already exists" in p.stderr, p.stderr)
with open(source, encoding="utf-8") as f:
    check("init over an existing file: the file is untouched", f.read() == edited)
for bad in ("../escape", "a/b", "", ".hidden", "-x"):
    p = run("init", bad)
    check(f"init {bad!r}: usage error (exit 2)", p.returncode == 2, p.stderr)
check("no file outside sources/", not os.path.exists(os.path.join(workdir, "escape.xml")))
p = run("init")
check("init without NAME: exit 2", p.returncode == 2, p.stderr)

passed = sum(results)
print(f"{passed} passed, {len(results) - passed} failed")
sys.exit(0 if passed == len(results) else 1)
